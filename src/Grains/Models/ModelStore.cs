using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using OrleansCache.Profiles;
using OrleansCache.Storage;

namespace OrleansCache.Models;

/// <summary>The SQL of the model catalog, written once for both databases (their few differences come from <see cref="SqlDialect"/>).</summary>
public sealed class ModelStore(Database database, TimeProvider clock)
{
    private const string Columns = "m.provider, m.id, m.name, m.context_window, m.capabilities, m.enabled, m.synced_at";

    /// <summary>Answers a lookup with one SELECT: every filter is a WHERE term; a capability is a range of its index.</summary>
    public Task<ModelListing> LoadAsync(ModelQuery query)
    {
        var dialect = database.Dialect;
        var sql = new StringBuilder("SELECT ").Append(Columns);
        sql.Append(query.Capability is null
            ? " FROM models m WHERE 1 = 1"
            : " FROM model_capabilities c JOIN models m ON m.provider = c.provider AND m.id = c.id WHERE c.capability = @capability");
        if (query.Provider is not null)
        {
            sql.Append(" AND m.provider = @provider");
        }

        if (query.Id is not null)
        {
            sql.Append(" AND m.id = @id");
        }

        if (query.Enabled is not null)
        {
            sql.Append(" AND m.enabled = @enabled");
        }

        if (query.Q is not null)
        {
            // A database's lower() may fold ASCII only (SQLite's does), so SQL keeps the rows it can decide plus every
            // row whose text is not plain ASCII, and the exact case-insensitive test runs below on what comes back.
            sql.Append(" AND (").Append(dialect.Contains("lower(m.id)", "@q"))
                .Append(" OR ").Append(dialect.Contains("lower(m.name)", "@q"))
                .Append(" OR ").Append(dialect.HasNonAsciiCharacter("m.id || m.name")).Append(')');
        }

        sql.Append(" ORDER BY m.provider, m.id;");
        return database.RunAsync(async session =>
        {
            var rows = await session.QueryAsync(sql.ToString(), p => Bind(p, query), Read);
            if (query.Q is { } q)
            {
                rows.RemoveAll(r => !Contains(r.Id, q) && !Contains(r.Name, q));
            }

            return query.IsSingle ? ModelJson.One(rows.Count == 0 ? null : rows[0]) : ModelJson.Many(rows);
        });
    }

    /// <summary>
    /// Upserts <paramref name="request"/>'s models (and prunes the provider's others, if asked) in one transaction:
    /// it all commits, or nothing does.
    /// </summary>
    public Task<ModelSyncResult> SyncAsync(ModelSyncRequest request) =>
        database.RunInTransactionAsync(async session =>
        {
            // The frontend normalizes already; the store does it again because its queries (and the capability
            // table's key) rely on it, whoever calls the grain.
            var provider = request.Provider.ToLowerInvariant();
            var now = Profile.FormatTimestamp(clock.GetUtcNow());
            var existing = (await session.QueryAsync(
                    $"SELECT {Columns} FROM models m WHERE m.provider = @provider;",
                    p => p.Add("@provider", provider),
                    Read))
                .ToDictionary(r => r.Id, StringComparer.Ordinal);

            int inserted = 0, updated = 0, unchanged = 0;
            foreach (var model in request.Models)
            {
                var capabilities = JsonSerializer.Serialize(NormalizeCapabilities(model.Capabilities), ModelJsonContext.Default.StringArray);
                var row = new ModelRow(provider, model.Id, model.Name, model.ContextWindow, capabilities, model.Enabled, now);
                if (!existing.TryGetValue(model.Id, out var current))
                {
                    await session.ExecuteAsync(
                        """
                        INSERT INTO models (provider, id, name, context_window, capabilities, enabled, synced_at)
                        VALUES (@provider, @id, @name, @context_window, @capabilities, @enabled, @synced_at);
                        """,
                        p => Bind(p, row));
                    await InsertCapabilitiesAsync(session, row);
                    inserted++;
                }
                else if (current with { SyncedAt = now } != row)
                {
                    await session.ExecuteAsync(
                        """
                        UPDATE models SET name = @name, context_window = @context_window, capabilities = @capabilities,
                            enabled = @enabled, synced_at = @synced_at
                        WHERE provider = @provider AND id = @id;
                        """,
                        p => Bind(p, row));
                    if (current.Capabilities != row.Capabilities)
                    {
                        await DeleteCapabilitiesAsync(session, provider, row.Id);
                        await InsertCapabilitiesAsync(session, row);
                    }

                    updated++;
                }
                else
                {
                    unchanged++;
                }
            }

            var removed = 0;
            if (request.Prune)
            {
                var keep = JsonSerializer.Serialize(request.Models.Select(m => m.Id).ToArray(), ModelJsonContext.Default.StringArray);
                var kept = $"(SELECT value FROM {session.Dialect.JsonArrayElements("@keep")})";
                await session.ExecuteAsync(
                    $"DELETE FROM model_capabilities WHERE provider = @provider AND id NOT IN {kept};",
                    p =>
                    {
                        p.Add("@provider", provider);
                        p.Add("@keep", keep);
                    });
                removed = await session.ExecuteAsync(
                    $"DELETE FROM models WHERE provider = @provider AND id NOT IN {kept};",
                    p =>
                    {
                        p.Add("@provider", provider);
                        p.Add("@keep", keep);
                    });
            }

            return new ModelSyncResult(provider, inserted, updated, unchanged, removed);
        });

    /// <summary>True when <paramref name="text"/> contains <paramref name="q"/> (lower-case) ignoring case.</summary>
    private static bool Contains(string text, string q) => text.ToLowerInvariant().Contains(q, StringComparison.Ordinal);

    /// <summary>Capabilities as stored: lower-case, sorted, distinct.</summary>
    private static string[] NormalizeCapabilities(ImmutableArray<string> capabilities) =>
        [.. capabilities.Select(c => c.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static Task<int> InsertCapabilitiesAsync(DbSession session, ModelRow row) =>
        row.Capabilities == "[]"
            ? Task.FromResult(0)
            : session.ExecuteAsync(
                $"INSERT INTO model_capabilities (capability, provider, id) SELECT value, @provider, @id FROM {session.Dialect.JsonArrayElements("@capabilities")};",
                p =>
                {
                    p.Add("@provider", row.Provider);
                    p.Add("@id", row.Id);
                    p.Add("@capabilities", row.Capabilities);
                });

    private static Task<int> DeleteCapabilitiesAsync(DbSession session, string provider, string id) =>
        session.ExecuteAsync(
            "DELETE FROM model_capabilities WHERE provider = @provider AND id = @id;",
            p =>
            {
                p.Add("@provider", provider);
                p.Add("@id", id);
            });

    private static void Bind(SqlParameters p, ModelQuery query)
    {
        if (query.Capability is not null)
        {
            p.Add("@capability", query.Capability);
        }

        if (query.Provider is not null)
        {
            p.Add("@provider", query.Provider);
        }

        if (query.Id is not null)
        {
            p.Add("@id", query.Id);
        }

        if (query.Enabled is { } enabled)
        {
            p.Add("@enabled", enabled);
        }

        if (query.Q is not null)
        {
            p.Add("@q", query.Q);
        }
    }

    private static void Bind(SqlParameters p, ModelRow row)
    {
        p.Add("@provider", row.Provider);
        p.Add("@id", row.Id);
        p.Add("@name", row.Name);
        p.Add("@context_window", row.ContextWindow);
        p.AddJson("@capabilities", row.Capabilities);
        p.Add("@enabled", row.Enabled);
        p.AddTimestamp("@synced_at", row.SyncedAt);
    }

    private static ModelRow Read(SqlRow r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        r.GetNullableInt64(3),
        r.GetString(4),
        r.GetBoolean(5),
        r.GetTimestamp(6));
}
