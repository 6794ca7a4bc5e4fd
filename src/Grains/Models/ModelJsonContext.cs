using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace OrleansCache.Models;

/// <summary>Source-generated JSON for the arrays the model store writes into SQL parameters.</summary>
[JsonSerializable(typeof(ImmutableArray<string>))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
