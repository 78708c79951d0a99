// A load balancer in front of several app processes, for the cluster tests: plain TCP, so
// websocket upgrades of socket.io and /collab/ pass through untouched. A connection goes to the
// backend its request line names with `via=<index>` in the query (so that a test knows where
// each client is), or, when that one is down, to the one named by `then=<index>` or else the
// next that accepts a connection, as a real balancer's health checks would send it: clients of a
// dead process land on the others.
import net from "node:net";

export type BalancerRoute = { asked: number | null; served: number };

export type Balancer = {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Replaces a backend (a process started again on another port). */
  setBackend(index: number, port: number): void;
  /** Every connection passed on so far: which backend it asked for and which served it. */
  readonly routes: BalancerRoute[];
  close(): Promise<void>;
};

const MAX_REQUEST_LINE = 8192;

export async function startBalancer(backendPorts: number[]): Promise<Balancer> {
  const ports = [...backendPorts];
  const routes: BalancerRoute[] = [];
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };

  function forward(client: net.Socket, head: Buffer, asked: number | null, candidates: number[]): void {
    const [index, ...rest] = candidates;
    if (index === undefined || client.destroyed) {
      client.destroy();
      return;
    }
    const upstream = net.connect(ports[index] as number, "127.0.0.1");
    let isConnected = false;
    upstream.once("error", () => {
      // Refused: that backend is down, try the next. Errors after connecting close both sides.
      if (!isConnected) forward(client, head, asked, rest);
    });
    upstream.once("connect", () => {
      isConnected = true;
      track(upstream);
      routes.push({ asked, served: index });
      upstream.write(head);
      client.pipe(upstream);
      upstream.pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
  }

  const server = net.createServer((client) => {
    track(client);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n");
      if (end < 0 && head.length < MAX_REQUEST_LINE) return;
      client.pause();
      client.off("data", onData);
      const line = head.subarray(0, end < 0 ? head.length : end).toString("latin1");
      const via = /[?&]via=(\d+)/.exec(line)?.[1];
      const then = /[?&]then=(\d+)/.exec(line)?.[1];
      const asked = via === undefined ? null : Number(via);
      const first = asked !== null && asked < ports.length ? asked : routes.length % ports.length;
      const order = ports.map((_, i) => (first + i) % ports.length);
      const fallback = then === undefined ? -1 : order.indexOf(Number(then));
      if (fallback > 1) order.splice(1, 0, ...order.splice(fallback, 1));
      forward(client, head, asked, order);
    };
    client.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    setBackend(index, backendPort) {
      ports[index] = backendPort;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
