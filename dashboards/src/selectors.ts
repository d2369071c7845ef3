// Label matchers every llm-otel panel applies, from the dashboard variables.

/** Matchers for the four template variables (service, feature, provider, model). */
export const SEL =
  'service_name=~"$service", feature=~"$feature", provider=~"$provider", model=~"$model"';

/** `{SEL, extra}` as a PromQL selector body. */
export function sel(extra?: string): string {
  return extra === undefined ? `{${SEL}}` : `{${SEL}, ${extra}}`;
}

/** Matchers for series recorded per service and feature (SLO rules). */
export const SEL_SERVICE_FEATURE =
  '{service_name=~"$service", feature=~"$feature"}';

/** Matchers for series recorded per feature only (cost budget rules). */
export const SEL_FEATURE = '{feature=~"$feature"}';
