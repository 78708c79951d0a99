import { defineMessages } from "../define";

// Why the meeting room refused something (app/domain/room/room-rules.ts, room-access.ts and the
// socket handlers in server/realtime/room-events.ts). Plain language: the client reads them too.
export const roomErrors = defineMessages({
  et: {
    "roomErrors.meetingNotFound": "Seda kohtumist ei leitud või sul ei ole sellele ligipääsu.",
    "roomErrors.notParticipant": "Kohtumisruumi saavad siseneda ainult kohtumisele kutsutud.",
    "roomErrors.consentRequired":
      "Enne kohtumisruumi sisenemist kinnita, et osaled kohtumisel ja hoiad kuuldu konfidentsiaalsena.",
    "roomErrors.meetingCancelled": "See kohtumine jäi ära.",
    "roomErrors.meetingEnded": "Kohtumine on lõppenud. Midagi ei saa enam muuta.",
    "roomErrors.onlyModerator": "Seda saab teha ainult kohtumise moderaator.",
    "roomErrors.onlyTimekeeper": "Aega saavad juhtida ainult ajahoidja ja moderaator.",
    "roomErrors.itemNotOnAgenda": "Seda punkti ei ole selle kohtumise päevakorras.",
    "roomErrors.noCurrentItem": "Vali enne aja käivitamist päevakorrapunkt.",
    "roomErrors.signalNotFound": "Seda märguannet ei leitud.",
    "roomErrors.invalidRequest": "Päring ei olnud korrektne. Laadi leht uuesti.",
    "roomErrors.notJoined": "Ühendus kohtumisruumiga katkes. Laadi leht uuesti.",
    "roomErrors.signedOut": "Sinu sessioon on lõppenud. Logi uuesti sisse.",
    "roomErrors.tooFast": "Liiga palju toiminguid korraga. Oota hetk ja proovi uuesti.",
    "roomErrors.unavailable": "Kohtumisruum ei ole praegu kättesaadav. Proovi hetke pärast uuesti.",
  },
  en: {
    "roomErrors.meetingNotFound": "This meeting was not found, or you do not have access to it.",
    "roomErrors.notParticipant": "Only people invited to the meeting can enter the meeting room.",
    "roomErrors.consentRequired":
      "Before you enter the meeting room, confirm that you take part and will keep what you hear confidential.",
    "roomErrors.meetingCancelled": "This meeting was cancelled.",
    "roomErrors.meetingEnded": "The meeting has ended. Nothing can be changed any more.",
    "roomErrors.onlyModerator": "Only the meeting's moderator can do this.",
    "roomErrors.onlyTimekeeper": "Only the timekeeper and the moderator can run the timer.",
    "roomErrors.itemNotOnAgenda": "This item is not on this meeting's agenda.",
    "roomErrors.noCurrentItem": "Choose an agenda item before starting the timer.",
    "roomErrors.signalNotFound": "This signal was not found.",
    "roomErrors.invalidRequest": "The request was not valid. Reload the page.",
    "roomErrors.notJoined": "The connection to the meeting room was lost. Reload the page.",
    "roomErrors.signedOut": "Your session has ended. Sign in again.",
    "roomErrors.tooFast": "Too many actions at once. Wait a moment and try again.",
    "roomErrors.unavailable": "The meeting room is not available right now. Try again in a moment.",
  },
  ru: {
    "roomErrors.meetingNotFound": "Эта встреча не найдена, или у вас нет к ней доступа.",
    "roomErrors.notParticipant": "В комнату встречи могут войти только приглашённые на встречу.",
    "roomErrors.consentRequired":
      "Прежде чем войти в комнату встречи, подтвердите, что вы участвуете и сохраните услышанное в тайне.",
    "roomErrors.meetingCancelled": "Эта встреча отменена.",
    "roomErrors.meetingEnded": "Встреча закончилась. Больше ничего нельзя изменить.",
    "roomErrors.onlyModerator": "Это может сделать только модератор встречи.",
    "roomErrors.onlyTimekeeper": "Управлять временем могут только хронометрист и модератор.",
    "roomErrors.itemNotOnAgenda": "Этого пункта нет в повестке этой встречи.",
    "roomErrors.noCurrentItem": "Перед запуском таймера выберите пункт повестки.",
    "roomErrors.signalNotFound": "Этот сигнал не найден.",
    "roomErrors.invalidRequest": "Запрос был неверным. Обновите страницу.",
    "roomErrors.notJoined": "Связь с комнатой встречи прервалась. Обновите страницу.",
    "roomErrors.signedOut": "Ваш сеанс закончился. Войдите снова.",
    "roomErrors.tooFast": "Слишком много действий сразу. Подождите немного и попробуйте снова.",
    "roomErrors.unavailable": "Комната встречи сейчас недоступна. Попробуйте ещё раз через минуту.",
  },
});
