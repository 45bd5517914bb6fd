import type { Lang } from "../messages.ts";

/** Strings of the backups page (X5), Korean first like the other organization pages. */
const KO = {
  hint: "전체 데이터(데이터베이스, 녹취, 안내 멘트, 인증서)를 하나의 파일로 백업합니다. 통화 중에도 백업할 수 있습니다.",
  scheduleDaily: "매일 {hour}시에 자동 백업하고 최근 {keep}개를 보관합니다.",
  scheduleOff: "자동 백업이 꺼져 있습니다(CC_BACKUP_HOUR=off). 최근 {keep}개를 보관합니다.",
  offBox: "외부 보관: {target}",
  offBoxNone: "외부 보관 없음 (CC_S3_ENDPOINT, CC_S3_BUCKET으로 설정)",
  now: "지금 백업",
  running: "백업 중입니다…",
  refresh: "새로 보기",
  done: "백업 완료: {name} ({size})",
  failed: "백업 실패: {error}",
  uploaded: "외부 저장소에 복사했습니다.",
  uploadFailed: "외부 저장소 복사 실패: {error}",
  busy: "이미 백업 중입니다. 잠시 후 다시 시도하세요.",
  name: "파일",
  size: "크기",
  at: "만든 시각",
  download: "내려받기",
  empty: "아직 백업이 없습니다.",
  restoreTitle: "백업에서 복원",
  restore: "복원은 서비스를 멈춘 뒤 서버에서 실행합니다. 파일을 내려받아 `contact-center restore 파일 --replace`를 실행하고 다시 시작하세요. 지금 데이터는 replaced-시각 폴더에 남습니다.",
};
const EN: typeof KO = {
  hint: "A backup holds everything (database, recordings, prompts, certificate) in one file, and can be made while calls go on.",
  scheduleDaily: "A backup is made every day at {hour}:00; the newest {keep} are kept.",
  scheduleOff: "Scheduled backups are off (CC_BACKUP_HOUR=off); the newest {keep} are kept.",
  offBox: "Off-box copies: {target}",
  offBoxNone: "No off-box copy (set CC_S3_ENDPOINT and CC_S3_BUCKET)",
  now: "Back up now",
  running: "A backup is running…",
  refresh: "Refresh",
  done: "Backup written: {name} ({size})",
  failed: "Backup failed: {error}",
  uploaded: "Copied off-box.",
  uploadFailed: "Off-box copy failed: {error}",
  busy: "A backup is already running; try again in a moment.",
  name: "File",
  size: "Size",
  at: "Made at",
  download: "Download",
  empty: "No backups yet.",
  restoreTitle: "Restore from a backup",
  restore: "Restore runs on the server with the appliance stopped: download the file, run `contact-center restore FILE --replace`, then start it again. The data it replaces is kept in a replaced-<time> folder.",
};

export type BackupKey = keyof typeof KO;

export function backupText(lang: Lang): (key: BackupKey, vars?: Record<string, string | number>) => string {
  const dict = lang === "ko" ? KO : EN;
  return (key, vars) => {
    let text = dict[key];
    if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
    return text;
  };
}

/** Bytes as KB/MB/GB with one decimal. */
export function sizeText(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}
