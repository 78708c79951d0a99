// `npm run db:generate`: variant schemas and one Prisma client per provider.
// Skips a provider whose schema has not changed since its client was generated.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PROVIDERS, clientOutputDir, prismaCliEnv, rootDir, variantSchemaPath, writeVariants } from "./variants.ts";

const hashes = writeVariants();
for (const provider of PROVIDERS) {
  const stamp = path.join(clientOutputDir(provider), ".schema-hash");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === hashes[provider]) continue;
  execFileSync(
    process.execPath,
    [
      path.join(rootDir, "node_modules/prisma/build/index.js"),
      "generate",
      "--no-hints",
      "--schema",
      variantSchemaPath(provider),
    ],
    { env: prismaCliEnv, stdio: ["ignore", "ignore", "inherit"], cwd: rootDir },
  );
  writeFileSync(stamp, hashes[provider]);
  console.log(`prisma client generated for ${provider}`);
}
