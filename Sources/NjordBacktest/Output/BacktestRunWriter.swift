import Foundation
import NjordCore

/// Writes a run's folder: `config.json` (what was run), `fills.ndjson` (one fill a line, decimals
/// as exact strings) and `equity.csv` (`timestamp,equity`, one row per bar, marked at the close).
public enum BacktestRunWriter {
    /// Creates `directory` (and parents) and writes the three files into it.
    public static func write(
        result: BacktestResult, bars: BarSeries, configJSON: String, to directory: String
    ) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data((configJSON + "\n").utf8).write(to: URL(fileURLWithPath: directory + "/config.json"))
        try Data(fillsNDJSON(result.fills)).write(to: URL(fileURLWithPath: directory + "/fills.ndjson"))
        try Data(equityCSV(result: result, bars: bars)).write(to: URL(fileURLWithPath: directory + "/equity.csv"))
    }

    /// The fills as NDJSON bytes.
    public static func fillsNDJSON(_ fills: [BacktestFill]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(fills.count * 220)
        for f in fills {
            out.append(
                contentsOf: "{\"bar\":\(f.barIndex),\"time\":\"\(f.time.iso8601)\",\"side\":\"\(f.side.rawValue)\"".utf8
            )
            field("price", f.price, &out)
            field("qty", f.quantity, &out)
            field("notional", f.notional, &out)
            field("fee", f.fee, &out)
            field("cash", f.cashAfter, &out)
            field("position", f.positionAfter, &out)
            out.append(contentsOf: "}\n".utf8)
        }
        return out
    }

    /// The equity curve as CSV bytes: after each bar's fills, cash + position × close (half-even).
    public static func equityCSV(result: BacktestResult, bars: BarSeries) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bars.count * 48)
        out.append(contentsOf: "timestamp,equity\n".utf8)
        var cash = result.startingCash
        var position = Fixed.zero
        var next = 0
        for i in 0..<bars.count {
            while next < result.fills.count, result.fills[next].barIndex == i {
                cash = result.fills[next].cashAfter
                position = result.fills[next].positionAfter
                next += 1
            }
            let close = Fixed(raw: Int128(bars.close[i]))
            let equity = cash + ((try? position.multiplied(by: close, rounding: .toNearestOrEven)) ?? .max)
            BarCSVReader.formatTime(bars.times[i], into: &out)
            out.append(UInt8(ascii: ","))
            equity.write(to: &out)
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    private static func field(_ name: String, _ value: Fixed, _ out: inout [UInt8]) {
        out.append(contentsOf: ",\"\(name)\":\"".utf8)
        value.write(to: &out)
        out.append(UInt8(ascii: "\""))
    }
}
