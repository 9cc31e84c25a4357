// A typed pfmatch client in TypeScript, from the committed OpenAPI document.
//
//   npx openapi-typescript ../../schemas/openapi.json --default-non-nullable false -o pfmatch.d.ts
//   npm install openapi-fetch
//
// pfmatch.d.ts is generated (do not edit); this file shows the calls.
import createClient from "openapi-fetch";
import type { components, paths } from "./pfmatch";

type Family = components["schemas"]["Family"];
type MatchResult = components["schemas"]["MatchResult"];

const client = createClient<paths>({
  baseUrl: process.env.PFMATCH_URL ?? "http://127.0.0.1:8000",
  headers: { "X-API-Key": process.env.PFMATCH_API_KEY ?? "" },
});

export async function rank(family: Family, k = 5): Promise<MatchResult> {
  const { data, error, response } = await client.POST("/v1/match", {
    body: { family, k, handout: { language: "es" } },
  });
  if (error !== undefined || data === undefined) {
    // RFC 9457 problem+json: the JSON path of the bad field, never its value
    throw new Error(`pfmatch ${response.status}: ${JSON.stringify(error)}`);
  }
  return data;
}

async function main(): Promise<void> {
  const result = await rank({
    location: { zip: "90011" },
    languages: ["es"],
    needs: ["food", "help paying rent"],
    barriers: ["no_transportation"],
  });
  for (const m of [...result.pinned, ...result.matches]) {
    console.log(m.rank, m.score.toFixed(2), m.service, "-", m.reasons[0] ?? "");
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
