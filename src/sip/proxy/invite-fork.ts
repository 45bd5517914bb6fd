import type { TimerHandle } from "../../lib/index.ts";
import { createResponse, userOf, type SipRequest, type SipResponse } from "../message/index.ts";
import type { Binding } from "../registrar/index.ts";
import type { Endpoint } from "../transport/index.ts";
import type { ClientTransaction } from "../transaction/index.ts";
import { cancelFor, forwardCopy, hostPort } from "./branch-request.ts";
import type { DialogTable } from "./dialog-table.ts";
import type { ProxyHost, ServerTransaction } from "./proxy-context.ts";

/** How long a cancelled INVITE waits for its branches' 487 before answering the caller itself. */
const CANCEL_GRACE_MS = 2000;

interface Branch {
  /** Dropped, with the rest, once the call is answered and the branch ended (issue 12, see `release`). */
  request?: SipRequest;
  target: Endpoint;
  tx?: ClientTransaction;
  provisional: boolean;
  /** Set at its final response (kept while the best final is still to be chosen). */
  ended: boolean;
  final?: SipResponse;
  cancelWanted: boolean;
  cancelSent?: boolean;
}

/**
 * One INVITE forked to every contact of the callee (RFC 3261 §16.6–16.7): provisional
 * responses and every 2xx are relayed at once; the best final response is chosen when all
 * branches are done; CANCEL and Timer C cancel the branches still ringing.
 */
export class InviteFork {
  private branches: Branch[] = [];
  private finalSent = false;
  private timerC?: TimerHandle;
  private graceTimer?: TimerHandle;
  private callerCancelled = false;
  private readonly callId: string;
  private readonly from: string;
  private readonly to: string;
  /**
   * The caller's INVITE transaction until the call is answered; then only where it came from, to
   * relay 2xx retransmissions (issue 12: the layer keeps a branch's handlers, and so this fork,
   * for Timer M's 32 s — the caller's request and the responses need not stay that long).
   */
  private upstream: ServerTransaction | { source: Endpoint };

  constructor(
    private readonly host: ProxyHost,
    private readonly dialogs: DialogTable,
    server: ServerTransaction,
    private readonly ringTimeoutMs: number,
  ) {
    const request = server.request;
    this.upstream = server;
    this.callId = request.headers.get("call-id") ?? "";
    this.from = userOf(request.headers.get("from"));
    this.to = userOf(request.uri);
  }

  private get server(): ServerTransaction {
    if (!("respond" in this.upstream)) throw new Error("the INVITE fork is already answered");
    return this.upstream;
  }

  start(bindings: Binding[]): void {
    const request = this.server.request;
    this.dialogs.attempt({ callId: this.callId, from: this.from, to: this.to, startedAt: this.host.clock.now() });
    for (const binding of bindings) {
      const target = binding.source;
      const local = this.host.localHostPort(target);
      const inbound = this.host.localHostPort(this.server.source);
      const copy = forwardCopy(request, binding.contact, local, target);
      // Record-Route (§16.6 step 4), twice when the two sides use different transports (RFC 5658).
      if (target.transport !== this.server.source.transport || hostPort(local) !== hostPort(inbound)) {
        copy.headers.prepend("record-route", `<sip:${hostPort(inbound)};transport=${this.server.source.transport};lr>`);
      }
      copy.headers.prepend("record-route", `<sip:${hostPort(local)};transport=${target.transport};lr>`);
      this.branches.push({ request: copy, target, provisional: false, ended: false, cancelWanted: false });
    }
    for (const branch of this.branches) this.send(branch);
    this.startTimerC();
    this.server.onCancel.subscribe(() => {
      this.callerCancelled = true;
      this.cancelAll();
      // The branches' 487s normally settle it at once; a 2xx racing the CANCEL still wins (§16.10).
      // A branch that never answers must not hold the caller: answer 487 after a short grace.
      this.graceTimer ??= this.host.clock.setTimeout(() => {
        this.sendFinal(createResponse(request, 487));
        this.done();
      }, CANCEL_GRACE_MS);
    });
  }

  /**
   * Its own method so the handlers' closures capture only the branch: made inside `start`, they
   * would keep its whole scope, the caller's request with it, for as long as the layer holds them.
   */
  private send(branch: Branch): void {
    branch.tx = this.host.request(branch.request!, branch.target, {
      onResponse: (response) => this.onResponse(branch, response),
      onTimeout: () => this.localFinal(branch, 408),
      onTransportError: () => this.localFinal(branch, 503),
    });
  }

  /** Timer C (§16.6 step 11): how long the INVITE may ring; restarted by every provisional response. */
  private startTimerC(): void {
    if (this.timerC) this.host.clock.clearTimeout(this.timerC);
    this.timerC = this.host.clock.setTimeout(() => this.cancelAll(), this.ringTimeoutMs);
  }

  private onResponse(branch: Branch, response: SipResponse): void {
    if (response.status < 200) {
      branch.provisional = true;
      if (response.status > 100 && this.timerC) this.startTimerC();
      if (branch.cancelWanted) this.sendCancel(branch);
      if (response.status > 100 && !this.finalSent && !this.callerCancelled) this.server.respond(upstream(response));
      return;
    }
    if (response.status < 300) {
      // §16.7 step 5: every 2xx is forwarded at once, even after another branch answered.
      if (!branch.ended) {
        branch.ended = true;
        this.dialogs.add({ callId: this.callId, from: this.from, to: this.to, answeredAt: this.host.clock.now() });
      }
      this.finalSent = true;
      this.relay(upstream(response));
      this.cancelAll();
      this.done();
      this.release();
      return;
    }
    this.onFinal(branch, response);
  }

  /** A branch that timed out or could not be sent to ends as if it had answered `status`. */
  private localFinal(branch: Branch, status: number): void {
    if (branch.request) this.onFinal(branch, createResponse(branch.request, status));
  }

  private onFinal(branch: Branch, response: SipResponse): void {
    if (branch.ended) return;
    branch.ended = true;
    if (this.answered) {
      // After a 2xx, a branch's late final only ends that branch.
      this.release();
      return;
    }
    branch.final = response;
    if (this.branches.every((b) => b.ended)) {
      this.sendFinal(upstream(best(this.branches.map((b) => b.final!))));
      this.done();
    }
  }

  private get answered(): boolean {
    return !("respond" in this.upstream);
  }

  private sendFinal(response: SipResponse): void {
    if (this.finalSent) return;
    this.finalSent = true;
    // Not answered: the internal call's record says why (C11).
    this.dialogs.failed(this.callId, this.host.clock.now(), response.status, this.callerCancelled);
    // A locally made response (408/503/487) still carries our Via: upstream() removed it for relayed ones.
    this.server.respond(response);
  }

  /** A 2xx goes to the caller: through its transaction, or once answered straight to where the INVITE came from (RFC 6026 §7.1). */
  private relay(response: SipResponse): void {
    if ("respond" in this.upstream) this.upstream.respond(response);
    else this.host.send(response, this.upstream.source);
  }

  /**
   * The call is answered: keep only what relaying later 2xx needs. A branch still ringing stays
   * until its final response (its CANCEL is built from its request).
   */
  private release(): void {
    if ("respond" in this.upstream) this.upstream = { source: this.upstream.source };
    // The layer holds each branch's handlers (and so the branch) until Timer M.
    for (const branch of this.branches) {
      if (!branch.ended) continue;
      branch.request = branch.tx = branch.final = undefined;
    }
    this.branches = this.branches.filter((b) => !b.ended);
  }

  /** §16.10: CANCEL every branch without a final response; wait for a provisional first (§9.1). */
  private cancelAll(): void {
    for (const branch of this.branches) {
      if (branch.ended || branch.cancelWanted) continue;
      branch.cancelWanted = true;
      if (branch.provisional) this.sendCancel(branch);
    }
  }

  private sendCancel(branch: Branch): void {
    // One CANCEL per branch, even when several provisionals (180, 183 …) follow.
    if (branch.ended || branch.cancelSent) return;
    branch.cancelSent = true;
    if (branch.request) this.host.request(cancelFor(branch.request), branch.target, { onResponse() {}, onTimeout() {} });
  }

  private done(): void {
    if (this.timerC) this.host.clock.clearTimeout(this.timerC);
    if (this.graceTimer) this.host.clock.clearTimeout(this.graceTimer);
    this.timerC = this.graceTimer = undefined;
  }
}

/** Strip our Via from a response received on a branch, so it can go to the caller (§16.7 step 3). */
function upstream(response: SipResponse): SipResponse {
  const copy: SipResponse = { ...response, headers: response.headers.clone() };
  copy.headers.removeFirst("via");
  return copy;
}

/** §16.7 step 6: prefer 6xx, then the lowest class, 401/407 merged by taking the first. */
function best(responses: SipResponse[]): SipResponse {
  const sixes = responses.filter((r) => r.status >= 600);
  if (sixes.length) return sixes[0]!;
  return [...responses].sort((a, b) => Math.floor(a.status / 100) - Math.floor(b.status / 100) || rank(a) - rank(b))[0]!;
}

function rank(r: SipResponse): number {
  // Timeouts and 503 say least about the callee: any real answer wins over them.
  return r.status === 408 || r.status === 503 ? 1 : 0;
}

