using System.Collections.Concurrent;
using Azure.Core;

namespace Kmt.Storage.Gremlin.Tests;


