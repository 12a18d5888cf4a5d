namespace Kmt.Graph.Analytics;

/// <summary>A binary min-heap of (priority, node) with lazy deletion, for Dijkstra.</summary>
internal sealed class MinHeap(int capacity)
{
    private double[] _keys = new double[capacity];
    private int[] _values = new int[capacity];
    private int _count;

    public int Count => _count;

    public void Clear() => _count = 0;

    public void Push(double key, int value)
    {
        if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }

        var i = _count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (_keys[parent] <= key)
            {
                break;
            }

            _keys[i] = _keys[parent];
            _values[i] = _values[parent];
            i = parent;
        }

        _keys[i] = key;
        _values[i] = value;
    }

    public bool TryPop(out double key, out int value)
    {
        if (_count == 0)
        {
            key = 0;
            value = -1;
            return false;
        }

        key = _keys[0];
        value = _values[0];
        var lastKey = _keys[--_count];
        var lastValue = _values[_count];
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && _keys[child + 1] < _keys[child])
            {
                child++;
            }

            if (_keys[child] >= lastKey)
            {
                break;
            }

            _keys[i] = _keys[child];
            _values[i] = _values[child];
            i = child;
        }

        _keys[i] = lastKey;
        _values[i] = lastValue;
        return true;
    }
}
