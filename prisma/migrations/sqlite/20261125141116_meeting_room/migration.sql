-- CreateTable
CREATE TABLE "MeetingRoom" (
    "meetingId" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL,
    "signals" TEXT NOT NULL DEFAULT '[]',
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MeetingRoom_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

