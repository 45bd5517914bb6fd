/**
 * Parser micro-benchmark (T1): simple REGISTER parses per second.
 * Run: bun bench/parse-bench.ts   (target: > 100k/s)
 */
import { parseMessage, serializeMessage } from "../src/sip/message/index.ts";

const register = new TextEncoder().encode(
  "REGISTER sip:cc.example.kr SIP/2.0\r\n" +
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport\r\n" +
    "Max-Forwards: 70\r\n" +
    'From: "Agent 1001" <sip:1001@cc.example.kr>;tag=1928301774\r\n' +
    "To: <sip:1001@cc.example.kr>\r\n" +
    "Call-ID: a84b4c76e66710@pc33.example.kr\r\n" +
    "CSeq: 314159 REGISTER\r\n" +
    "Contact: <sip:1001@192.0.2.10:5060;transport=udp>;expires=3600\r\n" +
    "User-Agent: Yealink SIP-T46U 108.86.0.20\r\n" +
    "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, NOTIFY, REFER, UPDATE\r\n" +
    "Content-Length: 0\r\n\r\n",
);

function run(label: string, n: number, fn: () => void): void {
  for (let i = 0; i < 5000; i++) fn();
  const start = performance.now();
  for (let i = 0; i < n; i++) fn();
  const ms = performance.now() - start;
  process.stdout.write(`${label}: ${Math.round((n / ms) * 1000).toLocaleString("en")} ops/s\n`);
}

run("parse REGISTER", 200_000, () => parseMessage(register));
const parsed = parseMessage(register);
run("serialize REGISTER", 200_000, () => serializeMessage(parsed));
