-- CreateEnum
CREATE TYPE "PlanStatus" AS ENUM ('DRAFT', 'SIGNING', 'IN_FORCE', 'SUPERSEDED', 'WITHDRAWN', 'DISCARDED');

-- CreateEnum
CREATE TYPE "PlanSignerCapacity" AS ENUM ('CLIENT', 'LEGAL_REPRESENTATIVE', 'ADVOCATE', 'RESPONSIBLE', 'CASE_MANAGER');

-- CreateEnum
CREATE TYPE "PlanSignatureDecision" AS ENUM ('SIGNED', 'REFUSED');

-- CreateEnum
CREATE TYPE "PlanSigningMethod" AS ENUM ('PASSWORD', 'EMAIL_CODE');

-- CreateTable
CREATE TABLE "PlanVersion" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "status" "PlanStatus" NOT NULL DEFAULT 'DRAFT',
    "basedOnId" TEXT,
    "content" TEXT,
    "contentHash" TEXT,
    "previousVersionId" TEXT,
    "previousHash" TEXT,
    "signatoriesHash" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "sentById" TEXT,
    "inForceAt" TIMESTAMP(3),
    "supersededAt" TIMESTAMP(3),
    "supersededById" TEXT,
    "withdrawnAt" TIMESTAMP(3),
    "withdrawnById" TEXT,
    "withdrawalReason" TEXT,
    "discardedAt" TIMESTAMP(3),
    "discardedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlanVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanSignatory" (
    "id" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "capacity" "PlanSignerCapacity" NOT NULL,
    "name" TEXT NOT NULL,
    "position" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanSignatory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanSignature" (
    "id" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "signatoryId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "capacity" "PlanSignerCapacity" NOT NULL,
    "decision" "PlanSignatureDecision" NOT NULL,
    "reason" TEXT,
    "signedAt" TIMESTAMP(3) NOT NULL,
    "contentHash" TEXT NOT NULL,
    "method" "PlanSigningMethod" NOT NULL,
    "statement" TEXT NOT NULL,
    "signatureHash" TEXT NOT NULL,

    CONSTRAINT "PlanSignature_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanSigningCode" (
    "id" TEXT NOT NULL,
    "signatoryId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "PlanSigningCode_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "PlanVersion" ADD CONSTRAINT "PlanVersion_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanSignatory" ADD CONSTRAINT "PlanSignatory_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "PlanVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanSignature" ADD CONSTRAINT "PlanSignature_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "PlanVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanSignature" ADD CONSTRAINT "PlanSignature_signatoryId_fkey" FOREIGN KEY ("signatoryId") REFERENCES "PlanSignatory"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanSigningCode" ADD CONSTRAINT "PlanSigningCode_signatoryId_fkey" FOREIGN KEY ("signatoryId") REFERENCES "PlanSignatory"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

