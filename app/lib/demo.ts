// Demo mode only: the synthetic accounts created on the first start of the embedded database
// (prisma/demo-data.ts). Shown on the sign-in page so anyone trying the quick start can get in.
export const DEMO_PASSWORD = "demo-parool-2026";
export const DEMO_CASE_MANAGER_EMAIL = "kadri.kask@tartu-vald.example";
