using System.Globalization;
using System.Text;

namespace Kmt.Testing.Gremlin.Language;

/// <summary>
/// Parses the Groovy-flavoured script text of one traversal (g.V(...).out(...)...) into steps. It refuses what
/// Cosmos refuses before running anything: lambdas (any '{'), string interpolation, several statements.
/// Which steps exist is the interpreter's business (README.md).
/// </summary>
public sealed class GremlinParser
{
    private static readonly HashSet<string> PredicateNames = ["eq", "neq", "gt", "gte", "lt", "lte", "within", "without", "inside", "outside", "between"];
    private static readonly HashSet<string> BareTokens = ["incr", "decr", "asc", "desc", "id", "label", "single", "set", "list", "shuffle"];
    private static readonly HashSet<string> TokenClasses = ["T", "Order", "Cardinality", "VertexProperty.Cardinality", "Scope", "Column", "Pop"];

    private readonly string _text;
    private int _pos;

    private GremlinParser(string text) => _text = text;

    public static TraversalNode Parse(string script)
    {
        var parser = new GremlinParser(script);
        parser.RejectLambdas();
        var traversal = parser.ParseSourceTraversal();
        parser.SkipSpace();
        if (parser.Peek() == ';')
        {
            parser._pos++;
            parser.SkipSpace();
        }

        if (!parser.AtEnd)
        {
            throw parser.Error("one traversal per request: unexpected text after the traversal");
        }

        return traversal;
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private void RejectLambdas()
    {
        char? quote = null;
        for (var i = 0; i < _text.Length; i++)
        {
            var c = _text[i];
            if (quote is { } q)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == q)
                {
                    quote = null;
                }
                else if (q == '"' && c == '$')
                {
                    throw GremlinError.Compile("Gremlin Query Compilation Error: string interpolation is not supported.");
                }

                continue;
            }

            if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '{')
            {
                throw GremlinError.Compile("Gremlin Query Compilation Error: lambdas are not supported (closures '{ ... }').");
            }
        }
    }

    private TraversalNode ParseSourceTraversal()
    {
        SkipSpace();
        var source = ReadIdentifier();
        if (source != "g")
        {
            throw Error($"a traversal must start with g, not '{source}'");
        }

        return new TraversalNode("g", ParseStepChain([]));
    }

    private List<StepNode> ParseStepChain(List<StepNode> steps)
    {
        while (true)
        {
            SkipSpace();
            if (Peek() != '.')
            {
                return steps;
            }

            _pos++;
            SkipSpace();
            var name = ReadIdentifier();
            steps.Add(new StepNode(name, ParseArgs()));
        }
    }

    private List<ExprNode> ParseArgs()
    {
        SkipSpace();
        Expect('(');
        var args = new List<ExprNode>();
        SkipSpace();
        if (Peek() == ')')
        {
            _pos++;
            return args;
        }

        while (true)
        {
            args.Add(ParseExpr());
            SkipSpace();
            var c = Peek();
            _pos++;
            if (c == ')')
            {
                return args;
            }

            if (c != ',')
            {
                _pos--;
                throw Error("expected ',' or ')'");
            }
        }
    }

    private ExprNode ParseExpr()
    {
        SkipSpace();
        var c = Peek();
        if (c is '\'' or '"')
        {
            return new LiteralNode(ReadString());
        }

        if (char.IsAsciiDigit(c) || (c == '-' && char.IsAsciiDigit(Peek(1))))
        {
            return new LiteralNode(ReadNumber());
        }

        if (c == '[')
        {
            _pos++;
            var items = new List<ExprNode>();
            SkipSpace();
            if (Peek() == ']')
            {
                _pos++;
                return new ListNode(items);
            }

            while (true)
            {
                items.Add(ParseExpr());
                SkipSpace();
                var next = Peek();
                _pos++;
                if (next == ']')
                {
                    return new ListNode(items);
                }

                if (next != ',')
                {
                    _pos--;
                    throw Error("expected ',' or ']'");
                }
            }
        }

        var name = ReadIdentifier();
        SkipSpace();
        if (name == "__")
        {
            return new TraversalExprNode(new TraversalNode("__", ParseStepChain([])));
        }

        if (name == "P" && Peek() == '.')
        {
            _pos++;
            SkipSpace();
            var op = ReadIdentifier();
            return new PredicateNode(op, ParseArgs());
        }

        if (TokenClasses.Contains(name) && Peek() == '.')
        {
            _pos++;
            SkipSpace();
            return new TokenNode(ReadIdentifier());
        }

        if (Peek() == '(')
        {
            if (PredicateNames.Contains(name))
            {
                return new PredicateNode(name, ParseArgs());
            }

            // A bare step (Groovy's static import of __): an anonymous traversal.
            var first = new StepNode(name, ParseArgs());
            return new TraversalExprNode(new TraversalNode("__", ParseStepChain([first])));
        }

        return name switch
        {
            "true" => new LiteralNode(true),
            "false" => new LiteralNode(false),
            "null" => throw GremlinError.Compile("Gremlin Query Compilation Error: null values are not supported."),
            _ when BareTokens.Contains(name) => new TokenNode(name),
            _ => new BindingNode(name),
        };
    }

    private string ReadIdentifier()
    {
        var start = _pos;
        if (!(char.IsAsciiLetter(Peek()) || Peek() == '_'))
        {
            throw Error("expected an identifier");
        }

        while (char.IsAsciiLetterOrDigit(Peek()) || Peek() == '_')
        {
            _pos++;
        }

        return _text[start.._pos];
    }

    private string ReadString()
    {
        var quote = _text[_pos++];
        var sb = new StringBuilder();
        while (!AtEnd)
        {
            var c = _text[_pos++];
            if (c == quote)
            {
                return sb.ToString();
            }

            if (c == '\\' && !AtEnd)
            {
                var e = _text[_pos++];
                sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => e });
                continue;
            }

            sb.Append(c);
        }

        throw Error("unterminated string");
    }

    private object ReadNumber()
    {
        var start = _pos;
        if (Peek() == '-')
        {
            _pos++;
        }

        var isDouble = false;
        while (char.IsAsciiDigit(Peek()) || Peek() == '.' || Peek() is 'e' or 'E' || ((Peek() is '+' or '-') && Peek(-1) is 'e' or 'E'))
        {
            isDouble |= Peek() is '.' or 'e' or 'E';
            _pos++;
        }

        var text = _text[start.._pos];
        if (Peek() is 'L' or 'l' or 'd' or 'D' or 'f' or 'F')
        {
            isDouble |= Peek() is 'd' or 'D' or 'f' or 'F';
            _pos++;
        }

        return isDouble
            ? double.Parse(text, CultureInfo.InvariantCulture)
            : long.Parse(text, CultureInfo.InvariantCulture);
    }

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error($"expected '{c}'");
        }

        _pos++;
    }

    private void SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private GremlinError Error(string what) =>
        GremlinError.Compile($"Gremlin Query Compilation Error: {what} at character {_pos + 1}.");
}
