// Types of the database handle, imported with `import type` only, so that no database code
// reaches the browser or the Remix bundle. The server creates the client (server/db/create-db.ts)
// and hands it to routes through the load context.
import type { Prisma, PrismaClient } from "../../prisma/generated/sqlite/client.ts";

export type Db = PrismaClient;
/** A client inside an interactive transaction. */
export type Tx = Prisma.TransactionClient;
/** Services take either, so that they can join a caller's transaction. */
export type DbOrTx = Db | Tx;

export type { Prisma };
export * from "../../prisma/generated/sqlite/enums.ts";
