// The two message lines of a staff console (#page-ok and #page-error): one shows at a time, and
// a success is also read out by screen readers. A 401 is left to the sign-in form, which says so.
import { ApiError } from "./api.js";
import { announce, notice } from "./ui.js";

const line = (id) => document.getElementById(id);

export const consoleMessages = {
  ok(message) {
    notice(line("page-error"), "");
    notice(line("page-ok"), message);
    announce(message);
  },
  fail(err) {
    if (err instanceof ApiError && err.status === 401) return;
    notice(line("page-ok"), "");
    notice(line("page-error"), err.localized || String(err));
  },
  clear() {
    notice(line("page-ok"), "");
    notice(line("page-error"), "");
  },
};
