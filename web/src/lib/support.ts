/** Where people reach Qgig's staff (password resets, disputes, data requests). */
export const SUPPORT_EMAIL = 'support@qgig.ug';
