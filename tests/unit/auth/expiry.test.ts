import { expect } from "chai";
import { parseExpiry } from "../../../provider/auth/expiry";
import { MalformedResponseError } from "../../../provider/errors";

describe("parseExpiry", () => {
  const table: Array<[string, string]> = [
    ["2025-01-01T10:00:00Z", "2025-01-01T10:00:00.000Z"],
    ["2025-01-01T10:00:00.123456Z", "2025-01-01T10:00:00.123Z"],
    // truncated, never rounded up
    ["2025-01-01T10:00:00.999999Z", "2025-01-01T10:00:00.999Z"],
    ["2025-01-01T10:00:00.5Z", "2025-01-01T10:00:00.500Z"],
    ["2025-01-01T10:00:00.123456789Z", "2025-01-01T10:00:00.123Z"],
    ["2025-01-01T10:00:00+01:00", "2025-01-01T09:00:00.000Z"],
    ["2025-01-01T10:00:00+0100", "2025-01-01T09:00:00.000Z"],
    ["2025-01-01T10:00:00-05:30", "2025-01-01T15:30:00.000Z"],
    ["2011-09-18T02:44:17.000-05:00", "2011-09-18T07:44:17.000Z"],
    ["2999-11-23T21:00:14-06:00", "2999-11-24T03:00:14.000Z"],
    // no zone: UTC, whatever the machine's time zone
    ["2025-01-01T10:00:00", "2025-01-01T10:00:00.000Z"],
    ["2025-01-01T10:00:00.123456", "2025-01-01T10:00:00.123Z"],
    ["2025-06-30 23:59:59Z", "2025-06-30T23:59:59.000Z"],
    ["2025-01-01T10:00:00+02", "2025-01-01T08:00:00.000Z"],
  ];
  for (const [text, iso] of table) {
    it(`reads ${text}`, () => {
      expect(parseExpiry(text).toISOString()).to.equal(iso);
    });
  }

  for (const bad of [
    "",
    "tomorrow",
    "2025-13-01T00:00:00Z",
    "2025-02-30T00:00:00Z",
    "2025-01-01T25:00:00Z",
    "2025-01-01",
    "2025-01-01T10:00:00+25:00",
    "1700000000",
  ]) {
    it(`rejects ${JSON.stringify(bad)} with MalformedResponseError`, () => {
      expect(() => parseExpiry(bad)).to.throw(MalformedResponseError, "not an ISO 8601 time");
    });
  }
});
