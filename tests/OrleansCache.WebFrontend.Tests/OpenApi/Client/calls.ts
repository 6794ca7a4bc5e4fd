// Natural calls a TypeScript client makes through a client generated from /openapi/v1.json (openapi-typescript types,
// openapi-fetch calls). OpenApiClientTests type-checks this file with `tsc --noEmit`: every call below must compile
// as written, and every line marked @ts-expect-error must be refused by the types (tsc fails if it is not).
import createClient from "openapi-fetch";
import type { components, paths } from "./api";

type Profile = components["schemas"]["ProfileDocument"];
type Problem = components["schemas"]["ProblemDetails"];
type ValidationProblem = components["schemas"]["HttpValidationProblemDetails"];

const client = createClient<paths>({ baseUrl: "http://127.0.0.1:5080" });

export async function naturalCalls(): Promise<void> {
  // A minimal create: only the name.
  const minimal = await client.POST("/api/profiles", { body: { name: "Minimal" } });
  if (minimal.data) {
    const profile: Profile = minimal.data;
    const version: number = profile.version;
    const createdAt: string = profile.created_at;
    const params: Record<string, unknown> | null = profile.params;
    console.log(version, createdAt, params);
  }

  // A full create, with an id of the client's and params.
  await client.POST("/api/profiles", {
    body: {
      id: "coder",
      name: "Coding assistant",
      model: "gpt-4o",
      provider: "openai",
      system_prompt: "You are a careful programmer.",
      temperature: 0.2,
      max_tokens: 4096,
      params: { top_p: 0.9, stop: ["\n\n"] },
    },
  });

  // A one-field merge patch, conditional on the version read.
  const read = await client.GET("/api/profiles/{id}", { params: { path: { id: "coder" } } });
  const etag = read.response.headers.get("ETag") ?? "*";
  const patched = await client.PATCH("/api/profiles/{id}", {
    params: { path: { id: "coder" }, header: { "If-Match": etag } },
    body: { temperature: 0.7 },
  });
  if (patched.error) {
    const problem: Problem = patched.error;
    console.log(problem.status, problem.title, problem.detail);
  }

  // Clearing an optional field with null.
  await client.PATCH("/api/profiles/{id}", { params: { path: { id: "coder" } }, body: { system_prompt: null } });

  // A full replace.
  await client.PUT("/api/profiles/{id}", { params: { path: { id: "coder" } }, body: { name: "Coder", temperature: 1 } });

  // A conditional read.
  await client.GET("/api/profiles/{id}", { params: { path: { id: "coder" }, header: { "If-None-Match": etag } } });

  // A list with paging.
  const page = await client.GET("/api/profiles", { params: { query: { limit: 10, offset: 20 } } });
  const names: string[] = (page.data ?? []).map((profile) => profile.name);
  console.log(names);

  // A sync with only the required fields.
  const sync = await client.POST("/api/models/sync", {
    body: { provider: "openai", models: [{ id: "gpt-4o", name: "GPT-4o" }] },
  });
  if (sync.data) {
    const inserted: number = sync.data.inserted;
    console.log(inserted, sync.data.updated, sync.data.unchanged, sync.data.removed);
  }

  // A full sync that prunes.
  await client.POST("/api/models/sync", {
    body: {
      provider: "meta",
      prune: true,
      models: [{ id: "llama/3.1-70b", name: "Llama 3.1 70B", context_window: 128000, capabilities: ["chat", "tools"], enabled: false }],
    },
  });

  // A filtered model list.
  const models = await client.GET("/api/models", { params: { query: { provider: "openai", capability: "chat", enabled: true, q: "gpt" } } });
  const windows: (number | null)[] = (models.data ?? []).map((model) => model.context_window);
  console.log(windows);

  // A model whose id holds a '/' (openapi-fetch escapes it as %2F).
  const model = await client.GET("/api/models/{provider}/{id}", { params: { path: { provider: "meta", id: "llama/3.1-70b" } } });
  const capabilities: string[] = model.data?.capabilities ?? [];
  console.log(capabilities);

  // The statistics.
  const stats = await client.GET("/api/cache/stats");
  if (stats.data) {
    for (const cache of stats.data.caches) {
      const hitRate: string = cache.hit_rate;
      console.log(cache.name, cache.hits, cache.misses, cache.size, hitRate, cache.ttl);
    }

    const reads: number = stats.data.database.reads;
    console.log(reads, stats.data.database.writes);
  }

  // The clears.
  const cleared = await client.POST("/api/cache/clear");
  const caches: string[] = cleared.data?.cleared ?? [];
  console.log(caches);
  await client.POST("/api/cache/clear/profiles");
  await client.POST("/api/cache/clear/models");

  // The delete, conditional.
  await client.DELETE("/api/profiles/{id}", { params: { path: { id: "coder" }, header: { "If-Match": etag } } });
}

// Each problem response is typed: validation problems carry their errors by field.
export async function problems(): Promise<void> {
  const invalid = await client.POST("/api/profiles", { body: { name: "" } });
  if (invalid.response.status === 400 && invalid.error) {
    const problem = invalid.error as ValidationProblem;
    const messages: string[] = problem.errors?.["name"] ?? [];
    console.log(messages);
  }

  const missing = await client.GET("/api/profiles/{id}", { params: { path: { id: "no-such-profile" } } });
  const notFound: Problem | undefined = missing.error;
  const conflict = await client.POST("/api/profiles", { body: { id: "coder", name: "Again" } });
  const conflictProblem: Problem | undefined = conflict.error;
  const stale = await client.PUT("/api/profiles/{id}", { params: { path: { id: "coder" }, header: { "If-Match": "\"1\"" } }, body: { name: "x" } });
  const preconditionFailed: Problem | undefined = stale.error;
  const badFilter = await client.GET("/api/models", { params: { query: { capability: "Not A Word" } } });
  const badFilterProblem: ValidationProblem | undefined = badFilter.error;
  const unavailable = await client.GET("/api/cache/stats");
  const unavailableProblem: Problem | undefined = unavailable.error;
  console.log(notFound?.detail, conflictProblem?.status, preconditionFailed?.title, badFilterProblem?.errors, unavailableProblem?.type);
}

// What the types refuse, as the API does.
export async function refusedByTheTypes(): Promise<void> {
  // @ts-expect-error: the name is required on a create.
  await client.POST("/api/profiles", { body: { model: "gpt-4o" } });
  // @ts-expect-error: numbers are numbers, not strings.
  await client.POST("/api/profiles", { body: { name: "x", temperature: "0.2" } });
  // @ts-expect-error: max_tokens is a number.
  await client.PATCH("/api/profiles/{id}", { params: { path: { id: "coder" } }, body: { max_tokens: "100" } });
  // @ts-expect-error: params is an object.
  await client.PATCH("/api/profiles/{id}", { params: { path: { id: "coder" } }, body: { params: "top_p=1" } });
  // @ts-expect-error: a sync names its provider.
  await client.POST("/api/models/sync", { body: { models: [] } });
  // @ts-expect-error: each model of a sync has a name.
  await client.POST("/api/models/sync", { body: { provider: "openai", models: [{ id: "gpt-4o" }] } });
  // @ts-expect-error: there is no such route.
  await client.GET("/api/profile/{id}", { params: { path: { id: "coder" } } });
}
