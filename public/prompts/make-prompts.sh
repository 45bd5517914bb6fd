#!/usr/bin/env bash
# Regenerates the default prompts (SPEC M6) shipped inside the executable:
# public/prompts/{ko,en}/<id>.wav, 8 kHz mono 16-bit PCM WAV, spoken by espeak-ng, resampled by sox.
# Korean numbers are written out in Hangul first (M6). Run from the repository root.
# The menu matches the demo service (one queue on key 1) and the callback offer names the default
# callback key (*); a service whose menu or key differs gets its own spoken by the appliance.
set -euo pipefail
out="${1:-public/prompts}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

say() { # language id text
  local lang="$1" id="$2" text="$3" voice speed
  mkdir -p "$out/$lang"
  if [ "$lang" = ko ]; then voice=ko; speed=150; else voice=en; speed=155; fi
  espeak-ng -v "$voice" -s "$speed" -w "$tmp/raw.wav" "$text"
  sox "$tmp/raw.wav" -r 8000 -c 1 -b 16 -e signed-integer "$out/$lang/$id.wav" gain -n -3 pad 0.1 0.2
}

say ko greeting "안녕하십니까. 고객센터에 전화해 주셔서 감사합니다."
say ko menu "상담사와 통화하시려면 일 번을 눌러 주십시오."
say ko info-repeat "다시 들으시려면 일 번, 처음으로 가시려면 이 번을 눌러 주십시오."
say ko after-hours "지금은 상담 시간이 아닙니다. 상담 시간에 다시 전화해 주십시오."
say ko connecting "상담사를 연결해 드리겠습니다. 잠시만 기다려 주십시오."
say ko delay "지금은 모든 상담사가 통화 중입니다. 잠시만 더 기다려 주십시오."
say ko callback-offer "기다리지 않고 상담사의 전화를 받으시려면 별표를 눌러 주십시오."
say ko callback-accepted "콜백 요청이 접수되었습니다. 곧 전화드리겠습니다."
say ko invalid-input "잘못 누르셨습니다. 다시 눌러 주십시오."
say ko goodbye "전화해 주셔서 감사합니다. 안녕히 계십시오."

say en greeting "Hello, and thank you for calling."
say en menu "To speak with an agent, press 1."
say en info-repeat "To hear this again, press 1. To go back to the start, press 2."
say en after-hours "We are closed now. Please call again during our business hours."
say en connecting "Connecting you to an agent. Please hold."
say en delay "All our agents are busy. Thank you for waiting."
say en callback-offer "To get a call back instead of waiting, press star."
say en callback-accepted "Your call back request is saved. We will call you soon."
say en invalid-input "Sorry, that is not a valid choice. Please try again."
say en goodbye "Thank you for calling. Goodbye."
