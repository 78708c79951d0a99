import { defineMessages } from "../define";

export const auth = defineMessages({
  et: {
    "auth.signInTitle": "Sisselogimine",
    "auth.email": "E-posti aadress",
    "auth.password": "Parool",
    "auth.signIn": "Logi sisse",
    "auth.emailInvalid": "Sisesta e-posti aadress kujul nimi@näide.ee.",
    "auth.invalidCredentials": "E-posti aadress või parool ei ole õige.",
    "auth.tooManyAttempts": "Liiga palju ebaõnnestunud katseid. Proovi uuesti {minutes} minuti pärast.",
    "auth.demoHint": "Demoversioon: logi sisse näiteks aadressiga {email} ja parooliga {password}.",
    "auth.signedOut": "Oled välja logitud.",
  },
  en: {
    "auth.signInTitle": "Sign in",
    "auth.email": "E-mail address",
    "auth.password": "Password",
    "auth.signIn": "Sign in",
    "auth.emailInvalid": "Enter an e-mail address like name@example.com.",
    "auth.invalidCredentials": "The e-mail address or password is not correct.",
    "auth.tooManyAttempts": "Too many failed attempts. Try again in {minutes} minutes.",
    "auth.demoHint": "Demo version: sign in, for example, as {email} with the password {password}.",
    "auth.signedOut": "You have signed out.",
  },
  ru: {
    "auth.signInTitle": "Вход",
    "auth.email": "Адрес электронной почты",
    "auth.password": "Пароль",
    "auth.signIn": "Войти",
    "auth.emailInvalid": "Введите адрес электронной почты в виде имя@пример.ee.",
    "auth.invalidCredentials": "Неверный адрес электронной почты или пароль.",
    "auth.tooManyAttempts": "Слишком много неудачных попыток. Попробуйте снова через {minutes} мин.",
    "auth.demoHint": "Демоверсия: войдите, например, как {email} с паролем {password}.",
    "auth.signedOut": "Вы вышли из системы.",
  },
});
