using System.Collections.Immutable;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.DevHost.Functions;

/// <summary>What the host would report about a function, filled from the function's own method.</summary>
internal sealed class DevFunctionDefinition : FunctionDefinition
{
    public DevFunctionDefinition(FunctionEntry function)
    {
        Name = function.Name;
        EntryPoint = function.EntryPoint;
        PathToAssembly = function.Method.DeclaringType!.Assembly.Location;
        Id = function.Name;
        Parameters = [.. function.Method.GetParameters().Select(p => new FunctionParameter(p.Name!, p.ParameterType))];
        InputBindings = ImmutableDictionary<string, BindingMetadata>.Empty
            .Add(function.TriggerParameter.Name!, new DevBindingMetadata(function.TriggerParameter.Name!, function.TriggerType, BindingDirection.In));
        OutputBindings = function is HttpFunction
            ? ImmutableDictionary<string, BindingMetadata>.Empty.Add("$return", new DevBindingMetadata("$return", "http", BindingDirection.Out))
            : ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    public override ImmutableArray<FunctionParameter> Parameters { get; }

    public override string PathToAssembly { get; }

    public override string EntryPoint { get; }

    public override string Id { get; }

    public override string Name { get; }

    public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; }

    public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; }
}

internal sealed class DevBindingMetadata(string name, string type, BindingDirection direction) : BindingMetadata
{
    public override string Name { get; } = name;

    public override string Type { get; } = type;

    public override BindingDirection Direction { get; } = direction;
}
