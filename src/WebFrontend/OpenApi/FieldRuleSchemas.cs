using System.Collections.Frozen;
using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansCache.Api;
using OrleansCache.Models;
using OrleansCache.Profiles;

namespace OrleansCache.WebFrontend.OpenApi;

/// <summary>
/// Writes the field rules into the schemas of the API's JSON types: each property's type, nullability, limits and
/// pattern, and which properties a body requires, from the same <see cref="FieldRule"/> the readers check with. An
/// answer's schema requires every property, since the API always writes them all.
/// </summary>
internal sealed class FieldRuleSchemas : IOpenApiSchemaTransformer
{
    private static readonly FrozenDictionary<Type, (FrozenDictionary<string, FieldRule> Rules, Body Kind)> Shapes =
        new Dictionary<Type, (FrozenDictionary<string, FieldRule>, Body)>
        {
            [typeof(ProfileDocument)] = (ProfileRules.Fields, Body.Answer),
            [typeof(ProfileInputDocument)] = (ProfileRules.Fields, Body.Input),
            [typeof(ProfilePatchDocument)] = (ProfileRules.Fields, Body.Patch),
            [typeof(ModelDocument)] = (ModelRules.ModelFields, Body.Answer),
            [typeof(ModelInputDocument)] = (ModelRules.ModelFields, Body.Input),
            [typeof(ModelSyncDocument)] = (ModelRules.SyncFields, Body.Input),
        }.ToFrozenDictionary();

    private enum Body
    {
        Answer,
        Input,
        Patch,
    }

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (!Shapes.TryGetValue(context.JsonTypeInfo.Type, out var shape) || schema.Properties is null)
        {
            return Task.CompletedTask;
        }

        var required = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, property) in schema.Properties)
        {
            if (!shape.Rules.TryGetValue(name, out var rule) || property is not OpenApiSchema concrete)
            {
                continue;
            }

            // A $ref (the models of a sync) keeps its own schema; its rule adds the array's limits.
            Apply(rule, concrete);
            if (shape.Kind == Body.Answer || (shape.Kind == Body.Input && rule.Required))
            {
                required.Add(name);
            }
        }

        schema.Required = required;
        return Task.CompletedTask;
    }

    /// <summary>Sets <paramref name="schema"/>'s type, nullability, limits, pattern and description from <paramref name="rule"/>.</summary>
    public static void Apply(FieldRule rule, OpenApiSchema schema)
    {
        var type = rule.Type switch
        {
            FieldType.Number => JsonSchemaType.Number,
            FieldType.WholeNumber => JsonSchemaType.Integer,
            FieldType.TrueOrFalse => JsonSchemaType.Boolean,
            FieldType.JsonObject => JsonSchemaType.Object,
            FieldType.List => JsonSchemaType.Array,
            _ => JsonSchemaType.String,
        };
        schema.Type = rule.Nullable ? type | JsonSchemaType.Null : type;
        schema.Format = rule.Type switch
        {
            FieldType.Timestamp => "date-time",
            FieldType.Number => "double",
            FieldType.WholeNumber => "int64",
            _ => null,
        };
        schema.Pattern = null;
        schema.OneOf = null;
        if (rule.Type == FieldType.JsonObject)
        {
            // Any members: said outright, since generators read a bare object as one with no members.
            schema.AdditionalProperties = new OpenApiSchema();
        }

        schema.MinLength = rule.MinLength;
        schema.MaxLength = rule.MaxLength;
        schema.Minimum = Text(rule.Minimum);
        schema.Maximum = Text(rule.Maximum);
        schema.MaxItems = rule.MaxItems;
        if (rule.Pattern is { } pattern)
        {
            if (rule.Type == FieldType.List)
            {
                schema.Items = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = pattern };
            }
            else
            {
                schema.Pattern = pattern;
            }
        }

        schema.Description = Describe(rule);
    }

    private static string? Text(double? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Describe(FieldRule rule)
    {
        var parts = new List<string>(3);
        if (rule.Description is { } description)
        {
            parts.Add(description);
        }

        if (rule.ServerOwned)
        {
            parts.Add("Set by the server; ignored in a request body.");
        }

        if (rule.Trimmed)
        {
            parts.Add("Counted after trimming white space.");
        }

        if (rule.MaxBytes is { } bytes)
        {
            parts.Add($"At most {bytes / 1024} KiB serialized.");
        }

        return parts.Count == 0 ? null : string.Join(' ', parts);
    }
}
