// Texts of the workshop console's session controls (attendance, lock, end): German first,
// English second. The console's other texts are in voting-strings.js.

import { addStrings } from "./i18n.js";

addStrings({
  de: {
    "w.attendance.h": "Teilnahme",
    "w.joined": "Beigetreten",
    "w.voted": "Abgestimmt",
    "w.lock": "Beitritt sperren",
    "w.end": "Workshop beenden",
    "w.endConfirm":
      "Workshop jetzt beenden? Die laufende Frage wird geschlossen und der Code gilt nicht mehr. Das lässt sich nicht rückgängig machen.",
    "w.state.open": "Beitritt offen: Neue Teilnehmende können mit dem Code beitreten.",
    "w.state.locked": "Beitritt gesperrt: Wer schon dabei ist, stimmt weiter ab; neue Teilnehmende werden abgewiesen.",
    "w.state.ended": "Workshop beendet: Der Code gilt nicht mehr.",
    "w.done.locked": "Beitritt gesperrt.",
    "w.done.open": "Beitritt wieder offen.",
    "w.done.ended": "Workshop beendet.",
    "w.list.locked": "gesperrt",
    "w.list.ended": "beendet",
  },
  en: {
    "w.attendance.h": "Attendance",
    "w.joined": "Joined",
    "w.voted": "Voted",
    "w.lock": "Lock joining",
    "w.end": "End workshop",
    "w.endConfirm":
      "End the workshop now? The open question is closed and the code stops working. This cannot be undone.",
    "w.state.open": "Joining is open: new participants can join with the code.",
    "w.state.locked": "Joining is locked: those already in keep voting; new participants are turned away.",
    "w.state.ended": "Workshop ended: the code no longer works.",
    "w.done.locked": "Joining locked.",
    "w.done.open": "Joining open again.",
    "w.done.ended": "Workshop ended.",
    "w.list.locked": "locked",
    "w.list.ended": "ended",
  },
});
