import type { Publisher } from "@/lib/realtime/events";

export type Published = { room: string; event: string; payload: unknown };

/** A Publisher that records events and lets a test await one. */
export class RecordingPublisher implements Publisher {
  readonly events: Published[] = [];
  wakes = 0;
  readonly revisited: number[] = [];
  private waiters: Array<{ match: (e: Published) => boolean; resolve: (e: Published) => void }> = [];

  publish(room: string, event: string, payload: unknown): void {
    const e = { room, event, payload };
    this.events.push(e);
    this.waiters = this.waiters.filter((w) => (w.match(e) ? (w.resolve(e), false) : true));
  }

  wakeWorker(): void {
    this.wakes++;
  }

  revisitRunRooms(runId: number): void {
    this.revisited.push(runId);
  }

  waitFor(match: (e: Published) => boolean, timeoutMs = 20_000): Promise<Published> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("timed out waiting for an event")), timeoutMs);
      this.waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }
}
