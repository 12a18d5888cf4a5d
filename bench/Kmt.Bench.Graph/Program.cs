using Kmt.Bench.Graph;

// Usage:
//   Kmt.Bench.Graph run EDGES.tsv PAIRS.tsv OUT.json [--k 200] [--seed 42]
//   Kmt.Bench.Graph generate OUTDIR [--edges 100000] [--pairs 1000] [--seed 7]
if (args.Length >= 4 && args[0] == "run")
{
    var k = IntOption(args, "--k", 200);
    var seed = (ulong)IntOption(args, "--seed", 42);
    return AnalyticsRun.Run(args[1], args[2], args[3], k, seed);
}

if (args.Length >= 2 && args[0] == "generate")
{
    var edges = IntOption(args, "--edges", 100_000);
    var pairs = IntOption(args, "--pairs", 1_000);
    var seed = (ulong)IntOption(args, "--seed", 7);
    PlantedPartitionGenerator.Write(args[1], edges, pairs, seed);
    return 0;
}

Console.Error.WriteLine("usage: Kmt.Bench.Graph run EDGES.tsv PAIRS.tsv OUT.json [--k N] [--seed N]");
Console.Error.WriteLine("       Kmt.Bench.Graph generate OUTDIR [--edges N] [--pairs N] [--seed N]");
return 2;

static int IntOption(string[] args, string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
