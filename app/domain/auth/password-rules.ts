// Browser-safe password rules, shared by the forms (in the browser) and the server.
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 1000;
