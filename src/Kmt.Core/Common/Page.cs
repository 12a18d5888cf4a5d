namespace Kmt.Core.Common;

/// <summary>
/// One page of a user's items. <see cref="Total"/> counts every match of the query (not only this
/// page); <see cref="Next"/> is where the following page starts, or null on the last page.
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total, KeysetPosition? Next);

/// <summary>
/// A position in a sorted listing: the sort value and id of the last item returned. Paging by
/// position rather than offset means items added meanwhile cause neither gaps nor duplicates. Both
/// adapters can express it: SQLite as a row-value comparison, Cosmos DB as a WHERE on the same fields.
/// </summary>
public sealed record KeysetPosition(string SortValue, string Id);
