import type { Lang } from "../messages.ts";

const KO = {
  "group": "그룹",
  "group.filter": "그룹",
  "group.all": "전체 그룹",
  "group.none": "(없음)",
  "group.save": "그룹 저장",
  "roles.title": "서비스 권한 부여·회수",
  "roles.hint": "조직의 기존 멤버에게 이 서비스의 관리자·상담사 권한을 주거나 회수합니다. 체크한 권한은 부여·유지되고 체크 해제한 권한은 회수됩니다. 모든 변경은 권한 변경 로그에 남습니다.",
  "roles.member": "멤버 로그인 아이디",
  "roles.serviceAdmin": "서비스 관리자",
  "roles.agent": "상담사",
  "roles.apply": "권한 적용",
  "roles.holders": "이 서비스의 권한 보유자",
  "roles.none": "권한을 가진 멤버가 없습니다.",
  "roles.done": "{loginId}의 권한을 변경했습니다.",
  "roles.unchanged": "{loginId}의 권한에 변경 사항이 없습니다.",
  "roles.log": "권한 변경 로그",
  "err.required": "필수 항목입니다.",
  "err.tooLong": "너무 깁니다.",
  "err.format": "형식이 올바르지 않습니다.",
  "err.noMember": "조직에 그런 멤버가 없습니다.",
  "err.selfRevoke": "자신의 서비스 관리자 권한은 회수할 수 없습니다.",
  "err.licenceFull": "남은 라이선스가 없어 상담사 권한을 줄 수 없습니다.",
  "perm.title": "권한 변경 로그",
  "perm.time": "조작일시",
  "perm.action": "조작내용",
  "perm.name": "이름",
  "perm.loginId": "ID",
  "perm.actor": "변경한 사람",
  "perm.ip": "IP",
  "perm.service": "서비스",
  "perm.q": "이름·ID",
  "perm.grant": "{role} 권한 부여",
  "perm.revoke": "{role} 권한 회수",
} as const;

/** A key of the role and permission-log strings. */
export type RolesKey = keyof typeof KO;

const EN: Record<RolesKey, string> = {
  "group": "Group",
  "group.filter": "Group",
  "group.all": "All groups",
  "group.none": "(none)",
  "group.save": "Save group",
  "roles.title": "Grant or revoke service roles",
  "roles.hint": "Give an existing member of the organization the service-admin or agent role in this service, or take it back: checked roles are granted or kept, unchecked ones are revoked. Every change is kept in the permission change log.",
  "roles.member": "Member login ID",
  "roles.serviceAdmin": "Service admin",
  "roles.agent": "Agent",
  "roles.apply": "Apply roles",
  "roles.holders": "Members with roles in this service",
  "roles.none": "No member holds a role here.",
  "roles.done": "Roles of {loginId} changed.",
  "roles.unchanged": "Roles of {loginId} are unchanged.",
  "roles.log": "Permission change log",
  "err.required": "Required.",
  "err.tooLong": "Too long.",
  "err.format": "Invalid format.",
  "err.noMember": "No such member in the organization.",
  "err.selfRevoke": "You cannot revoke your own service-admin role.",
  "err.licenceFull": "No free licence left for the agent role.",
  "perm.title": "Permission change log",
  "perm.time": "Time",
  "perm.action": "Action",
  "perm.name": "Name",
  "perm.loginId": "ID",
  "perm.actor": "Changed by",
  "perm.ip": "IP",
  "perm.service": "Service",
  "perm.q": "Name or ID",
  "perm.grant": "Granted {role}",
  "perm.revoke": "Revoked {role}",
};

/** Translation function of the role form, agent groups and permission log (G5, O6). */
export type RolesText = (key: RolesKey, vars?: Record<string, string | number>) => string;

/** The role, group and permission-log strings in `lang` (X7). */
export function rolesText(lang: Lang): RolesText {
  const dict: Record<RolesKey, string> = lang === "ko" ? KO : EN;
  return (key, vars) => {
    let text = dict[key] ?? key;
    if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
    return text;
  };
}

/** A role's name in `lang`. */
export const roleName = (r: RolesText, role: "service-admin" | "agent"): string => r(role === "agent" ? "roles.agent" : "roles.serviceAdmin");
