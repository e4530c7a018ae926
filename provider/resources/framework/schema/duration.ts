// Durations as users write them in `timeouts`.
import { ConfigError } from "../../../errors";

/** "90s", "20m", "1h", "1h30m" or a number of seconds → seconds. */
export function parseDuration(value: unknown, field: string): number {
  if (typeof value === "number" && value > 0) return value;
  if (typeof value === "string") {
    const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value.trim());
    if (m && value.trim() !== "") {
      const [, h = "0", min = "0", s = "0"] = m;
      const total = Number(h) * 3600 + Number(min) * 60 + Number(s);
      if (total > 0) return total;
    }
  }
  throw new ConfigError(
    `${field} "${String(value)}" is not a duration: use seconds or e.g. "90s", "20m", "1h30m"`,
  );
}
