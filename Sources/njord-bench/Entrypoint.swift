import NjordBenchmarks

/// `make bench`: runs the benchmarks and merges their figures into var/bench/latest.json.
@main
enum Entrypoint {
    static func main() async {
        await BenchCommand.main()
    }
}
