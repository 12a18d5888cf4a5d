using System.Text.Json;

namespace Kmt.Core.Graph;

/// <summary>The body of POST and PUT knowledge/{id}/relationships (PUT replaces: omitted fields take their defaults).</summary>
public sealed record RelationshipInput(string? TargetId, string? RelationshipType, double? Strength, JsonElement? Metadata);
