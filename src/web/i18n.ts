import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { Lang, MessageKey, Translate } from "../../views/index.ts";

/** Korean and English UI strings (X7). `{name}` placeholders are filled by `translator`. */
export const MESSAGES: Record<Lang, Record<MessageKey, string>> = {
  ko: {
    appName: "컨택센터",
    "login.title": "관리자 로그인",
    "login.loginId": "아이디",
    "login.password": "비밀번호",
    "login.submit": "로그인",
    "login.failed": "아이디 또는 비밀번호가 올바르지 않습니다.",
    "login.throttled": "로그인 실패가 너무 많습니다. {minutes}분 후에 다시 시도하세요.",
    logout: "로그아웃",
    "nav.phones": "등록 현황",
    "nav.services": "서비스",
    "nav.trunks": "회선(트렁크)",
    "nav.org": "조직 관리",
    "phones.title": "등록 현황: 지금 연결된 전화기",
    "phones.empty": "등록된 전화기가 없습니다.",
    "phones.extension": "내선번호",
    "phones.agent": "상담사",
    "phones.contact": "SIP 연락 주소",
    "phones.source": "접속 주소",
    "phones.userAgent": "단말 종류",
    "phones.expiresIn": "만료까지",
    "phones.count": "{count}대 등록됨",
    seconds: "{n}초",
    language: "English",
  },
  en: {
    appName: "Contact Center",
    "login.title": "Admin sign-in",
    "login.loginId": "Login ID",
    "login.password": "Password",
    "login.submit": "Sign in",
    "login.failed": "Wrong login ID or password.",
    "login.throttled": "Too many failed sign-ins. Try again in {minutes} minutes.",
    logout: "Sign out",
    "nav.phones": "Registered devices",
    "nav.services": "Services",
    "nav.trunks": "Carrier trunks",
    "nav.org": "Organization",
    "phones.title": "Registered devices: phones connected now",
    "phones.empty": "No phone is registered.",
    "phones.extension": "Extension",
    "phones.agent": "Agent",
    "phones.contact": "Contact",
    "phones.source": "Source address",
    "phones.userAgent": "User agent",
    "phones.expiresIn": "Expires in",
    "phones.count": "{count} registered",
    seconds: "{n} s",
    language: "한국어",
  },
};

export const LANGS: readonly Lang[] = ["ko", "en"];
const COOKIE = "lang";

const isLang = (v: string | undefined): v is Lang => v === "ko" || v === "en";

/** A translation function for `lang`. */
export function translator(lang: Lang): Translate {
  const dict = MESSAGES[lang];
  return (key, vars) => {
    let text = dict[key];
    if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
    return text;
  };
}

/** Pick the UI language: `?lang=` (remembered in a cookie), then the cookie, then Accept-Language, then Korean. */
export function pickLanguage(c: Context): Lang {
  const query = c.req.query("lang");
  if (isLang(query)) {
    setCookie(c, COOKIE, query, { path: "/", sameSite: "Lax", maxAge: 365 * 24 * 3600 });
    return query;
  }
  const cookie = getCookie(c, COOKIE);
  if (isLang(cookie)) return cookie;
  const accept = c.req.header("Accept-Language") ?? "";
  const ranked = accept
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: (tag ?? "").trim().slice(0, 2).toLowerCase(), q: q ? Number(q) : 1 };
    })
    .filter((x) => isLang(x.lang) && x.q > 0)
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.lang as Lang | undefined) ?? "ko";
}
