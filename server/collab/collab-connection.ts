// One client's websocket. Holds what the server must remember per connection: messages that
// arrived before the document loaded, the rate limit, whether it may write, the awareness
// client ids it introduced, and the count of its updates awaiting a "saved" confirmation.
import type { WebSocket } from "ws";
import { TokenBucket, type CollabLimits } from "./limits.ts";
import { CLOSE_CODE, encodeSaved, messageAwareness } from "./protocol.ts";

let connectionCounter = 0;

type AckTarget = { seq: number; count: number };

export class CollabConnection {
  /** Short id for logs. */
  readonly id = `c${++connectionCounter}`;
  readonly awarenessClientIds = new Set<number>();
  /** Close code for an attempt to change the document, or null if this connection may write. */
  writeRefusalCode: number | null = null;
  isAlive = true;
  private isClosingFlag = false;
  private handler: ((data: Uint8Array) => void) | null = null;
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private readonly bucket: TokenBucket;
  private readonly awarenessMessageBucket: TokenBucket;
  private readonly awarenessBucket: TokenBucket;
  private wantsAcks = false;
  private updatesReceived = 0;
  /** In arrival order; seq is the persistence sequence that must be committed first. */
  private ackTargets: AckTarget[] = [];
  private lastAckSent = 0;

  constructor(
    readonly ws: WebSocket,
    readonly docName: string,
    readonly userId: string,
    private readonly limits: CollabLimits,
    private readonly onClosing: (connection: CollabConnection, code: number, reason: string) => void,
  ) {
    this.bucket = new TokenBucket(limits.maxMessagesPerSecond, limits.messageBurst);
    // y-websocket sends back every presence change it receives, so an honest client's
    // awareness messages grow with the changes of everyone else in the document, up to the
    // awareness rate of every other connection together. Counted apart from the message rate
    // (or a few busy participants would get everyone else closed) and bounded by that sum.
    this.awarenessMessageBucket = new TokenBucket(
      limits.maxAwarenessPerSecond * limits.maxConnectionsPerDocument,
      limits.awarenessBurst * limits.maxConnectionsPerDocument,
    );
    this.awarenessBucket = new TokenBucket(limits.maxAwarenessPerSecond, limits.awarenessBurst);
  }

  get isClosing(): boolean {
    return this.isClosingFlag;
  }

  receive(data: Uint8Array): void {
    if (this.isClosingFlag) return;
    // The message type is a varUint: messageAwareness (1) is the single byte 1.
    const bucket = data[0] === messageAwareness ? this.awarenessMessageBucket : this.bucket;
    if (!bucket.take()) {
      this.close(CLOSE_CODE.rateLimited, "rate limited");
      return;
    }
    if (this.handler) {
      this.handler(data);
      return;
    }
    this.queuedBytes += data.byteLength;
    if (this.queue.length >= this.limits.maxQueuedMessages || this.queuedBytes > this.limits.maxQueuedBytes) {
      this.close(CLOSE_CODE.rateLimited, "too many messages before sync");
      return;
    }
    this.queue.push(data);
  }

  /** Takes one of this connection's awareness changes (see CollabLimits.maxAwarenessPerSecond). */
  takeAwarenessToken(): boolean {
    return this.awarenessBucket.take();
  }

  /** Starts handling messages, first those queued while the document was loading. */
  attach(handler: (data: Uint8Array) => void): void {
    const queued = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    this.handler = handler;
    for (const data of queued) {
      if (this.isClosingFlag) return;
      handler(data);
    }
  }

  get isAttached(): boolean {
    return this.handler !== null;
  }

  send(data: Uint8Array): void {
    if (this.isClosingFlag || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(CLOSE_CODE.tryAgainLater, "too slow");
      return;
    }
    // A failed send is followed by the socket's close event, which does the cleanup.
    this.ws.send(data, () => {});
  }

  close(code: number, reason: string): void {
    if (this.isClosingFlag) return;
    this.isClosingFlag = true;
    this.handler = null;
    this.queue = [];
    this.onClosing(this, code, reason);
    this.ws.close(code, reason);
  }

  /** Remembers an update-bearing message; it is confirmed once `seq` is committed. */
  recordUpdateMessage(seq: number): void {
    this.updatesReceived += 1;
    this.ackTargets.push({ seq, count: this.updatesReceived });
  }

  enableAcks(committedSeq: number): void {
    this.wantsAcks = true;
    this.acknowledge(committedSeq);
  }

  /** Sends "saved" with the count of this connection's messages covered by committedSeq. */
  acknowledge(committedSeq: number): void {
    let count: number | null = null;
    while (this.ackTargets.length > 0 && (this.ackTargets[0] as AckTarget).seq <= committedSeq) {
      count = (this.ackTargets.shift() as AckTarget).count;
    }
    if (count === null) count = this.ackTargets.length === 0 ? this.updatesReceived : null;
    if (count === null || !this.wantsAcks || count <= this.lastAckSent) return;
    this.lastAckSent = count;
    this.send(encodeSaved(count));
  }
}
