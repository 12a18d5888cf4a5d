namespace Kmt.Testing.Gremlin.Language;

/// <summary>A parsed traversal: its source (g or __) and its steps.</summary>
public sealed record TraversalNode(string Source, IReadOnlyList<StepNode> Steps);

/// <summary>One step call: name(args).</summary>
public sealed record StepNode(string Name, IReadOnlyList<ExprNode> Args);

/// <summary>An argument of a step.</summary>
public abstract record ExprNode;

/// <summary>A string, number or boolean written in the script.</summary>
public sealed record LiteralNode(object Value) : ExprNode;

/// <summary>A name resolved against the request's bindings at evaluation time.</summary>
public sealed record BindingNode(string Name) : ExprNode;

/// <summary>[a, b, ...] written in the script (V([pk, id]) is a partition-key/id pair).</summary>
public sealed record ListNode(IReadOnlyList<ExprNode> Items) : ExprNode;

/// <summary>A nested anonymous traversal.</summary>
public sealed record TraversalExprNode(TraversalNode Traversal) : ExprNode;

/// <summary>eq/neq/gt/gte/lt/lte/within/without(...), with or without the P. prefix.</summary>
public sealed record PredicateNode(string Operator, IReadOnlyList<ExprNode> Args) : ExprNode;

/// <summary>A bare token: incr, decr, asc, desc, id, label (T.id, T.label, Order.decr...), single, set, list.</summary>
public sealed record TokenNode(string Name) : ExprNode;
