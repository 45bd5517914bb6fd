import { describe, expect, it } from "bun:test";
import { auditTargetText, changeLineText, systemWord } from "./system-words.ts";

describe("system words in Korean (issue 9, X7)", () => {
  it("MUST name audit targets, changed fields, leg roles, hang-up causes and queue events in Korean", () => {
    expect(auditTargetText("ko", "agents/walker")).toBe("상담사 walker");
    expect(auditTargetText("ko", "calls/c-1/recording.mp3")).toBe("통화 c-1 녹취 MP3");
    expect(auditTargetText("ko", "history/calls?from=2026-03-04")).toBe("수발신이력 ?from=2026-03-04");
    expect(auditTargetText("ko", "prompts/greeting (text)")).toBe("멘트 greeting (TTS)");
    expect(auditTargetText("ko", "sip trace t1")).toBe("SIP 추적 t1");
    expect(auditTargetText("ko", "dashboard")).toBe("모니터링");
    expect(auditTargetText("ko", "agents/menu")).toBe("상담사 menu"); // an ID stays an ID
    expect(auditTargetText("en", "agents/walker")).toBe("agents/walker");
    expect(changeLineText("ko", "licences: 3 → 5")).toBe("라이선스 수: 3 → 5");
    expect(changeLineText("ko", "numbers.0.number: ∅ → 1588")).toBe("번호.0.number: ∅ → 1588");
    expect(changeLineText("ko", "∅ → {}")).toBe("∅ → {}");
    // Issue 9: values that are system words, and the keys inside a created or removed object, in Korean too.
    expect(changeLineText("ko", "active: true → false")).toBe("사용 여부: 예 → 아니오");
    expect(changeLineText("ko", "state: pending → active")).toBe("상태: 미사용 → 사용");
    expect(changeLineText("ko", 'features: ["phone","callback"] → ["phone"]')).toBe('계약 기능: ["전화/CTI","콜백"] → ["전화/CTI"]');
    expect(changeLineText("ko", '∅ → {"loginId":"kim","name":"Kim","orgAdmin":false}')).toBe('∅ → {"로그인 아이디":"kim","이름":"Kim","조직관리자":아니오}');
    expect(changeLineText("ko", '["service-admin"] → ∅')).toBe('["서비스 관리자"] → ∅');
    expect(changeLineText("ko", "name: active → Kim")).toBe("이름: active → Kim");
    expect(changeLineText("ko", '∅ → {"name":"active","state":"suspended","mode":"peer"}')).toBe('∅ → {"이름":"active","상태":"정지","연결 방식":"IP 피어"}');
    expect(changeLineText("en", "active: true → false")).toBe("active: true → false");
    expect(systemWord("ko", "role", "caller")).toBe("고객");
    expect(systemWord("ko", "cause", "busy")).toBe("통화 중");
    expect(systemWord("ko", "event", "no-answer")).toBe("상담사 무응답");
    expect(systemWord("ko", "endBy", "remote")).toBe("상대방");
    expect(systemWord("ko", "cause", "something-new")).toBe("something-new");
    expect(systemWord("en", "cause", "busy")).toBe("busy");
  });
});
