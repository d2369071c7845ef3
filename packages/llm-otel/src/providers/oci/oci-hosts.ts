// OCI Generative AI inference hosts as oci-common builds them from a region:
// `inference.generativeai.{region}.oci.{realm domain}`, with `ds.` before
// `oci.` for dual-stack endpoints. The realm domains are the ones oci-common
// registers (oraclecloud.com, oraclecloudN.com, oraclecloud.eu,
// oraclegovcloud.com, oraclegovcloud.uk). Dotted region ids and realms set
// through OCI_DEFAULT_REALM give other hosts: those count once the body
// proves the shape.

const HOST =
  /^inference\.generativeai\.[a-z0-9-]+\.(?:ds\.)?oci\.(?:oraclecloud\d*\.com|oraclecloud\.eu|oraclegovcloud\.(?:com|uk))$/;

export function isOciInferenceHost(host: string): boolean {
  return host.startsWith('inference.generativeai.') && HOST.test(host);
}
