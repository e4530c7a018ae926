// The network's DNS domain, judged as Neutron's dns_domain validator does: a fully qualified name
// (trailing dot), lower-case labels of letters, digits and hyphens, a TLD that is not all digits.
const FQDN_MAX = 255;
const LABEL = /^[a-z0-9-]{1,63}$/;

export function dnsDomainProblem(value: unknown): string | undefined {
  const domain = value as string;
  if (domain === "") return undefined;
  const example = 'e.g. "example.org."';
  if (!domain.endsWith("."))
    return `dnsDomain "${domain}" must end with a dot (a fully qualified name): "${domain}."`;
  // Neutron leaves room for one more label under the domain
  if (domain.length > FQDN_MAX - 2)
    return `dnsDomain has ${domain.length} characters; the limit is ${FQDN_MAX - 2}`;
  const labels = domain.slice(0, -1).split(".");
  for (const label of labels) {
    if (label === "") return `dnsDomain "${domain}" has an empty label: ${example}`;
    if (!LABEL.test(label))
      return `dnsDomain label "${label}" must be 1 to 63 lower-case letters, digits or hyphens: ${example}`;
    if (label.startsWith("-") || label.endsWith("-"))
      return `dnsDomain label "${label}" must not start or end with a hyphen`;
  }
  if (labels.length > 1 && /^[0-9]+$/.test(labels.at(-1)!))
    return `dnsDomain "${domain}" ends in an all-numeric label, which is no top-level domain: ${example}`;
  return undefined;
}
