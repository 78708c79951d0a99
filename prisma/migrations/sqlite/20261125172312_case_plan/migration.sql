-- CreateTable
CREATE TABLE "PlanVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "basedOnId" TEXT,
    "content" TEXT,
    "contentHash" TEXT,
    "previousVersionId" TEXT,
    "previousHash" TEXT,
    "signatoriesHash" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "sentById" TEXT,
    "inForceAt" DATETIME,
    "supersededAt" DATETIME,
    "supersededById" TEXT,
    "withdrawnAt" DATETIME,
    "withdrawnById" TEXT,
    "withdrawalReason" TEXT,
    "discardedAt" DATETIME,
    "discardedById" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PlanVersion_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlanSignatory" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "versionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "capacity" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PlanSignatory_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "PlanVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlanSignature" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "versionId" TEXT NOT NULL,
    "signatoryId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "capacity" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "reason" TEXT,
    "signedAt" DATETIME NOT NULL,
    "contentHash" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "statement" TEXT NOT NULL,
    "signatureHash" TEXT NOT NULL,
    CONSTRAINT "PlanSignature_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "PlanVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PlanSignature_signatoryId_fkey" FOREIGN KEY ("signatoryId") REFERENCES "PlanSignatory" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlanSigningCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "signatoryId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "usedAt" DATETIME,
    CONSTRAINT "PlanSigningCode_signatoryId_fkey" FOREIGN KEY ("signatoryId") REFERENCES "PlanSignatory" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PlanVersion_caseId_status_idx" ON "PlanVersion"("caseId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "PlanVersion_caseId_number_key" ON "PlanVersion"("caseId", "number");

-- CreateIndex
CREATE INDEX "PlanSignatory_userId_idx" ON "PlanSignatory"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "PlanSignatory_versionId_userId_key" ON "PlanSignatory"("versionId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "PlanSignature_signatoryId_key" ON "PlanSignature"("signatoryId");

-- CreateIndex
CREATE UNIQUE INDEX "PlanSignature_versionId_userId_key" ON "PlanSignature"("versionId", "userId");

-- CreateIndex
CREATE INDEX "PlanSigningCode_signatoryId_createdAt_idx" ON "PlanSigningCode"("signatoryId", "createdAt");

