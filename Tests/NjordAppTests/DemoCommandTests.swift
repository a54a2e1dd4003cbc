import Foundation
import NjordTestSupport
import Testing

/// `njord demo` (what `make run` runs today) on the real capture: its exact figures must equal an
/// independent computation with Foundation's Decimal over the same CSV.
@Suite struct DemoCommandTests {
    @Test func demoFoldsTheRealCaptureExactlyAndReadsItsJournalBack() throws {
        let njord = try #require(NjordBinary.path(), "njord not built")
        let csv = SharedData.data(
            "trades/derived-binance-spot-BTCUSDT-trades-20240808T235415Z-20240809T000505Z.csv")
        let scratch = NSTemporaryDirectory() + "njord-demo-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: njord)
        process.arguments = [
            "demo", "--in-process", "--trades", csv.path, "--journal-root", scratch + "/journal",
            "--run-dir", scratch + "/run",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")

        // The reference: Σ qty, Σ price × qty and their quotient, in 38-digit decimal arithmetic.
        let rows = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").dropFirst()
        var volume = Decimal(0)
        var notional = Decimal(0)
        for row in rows {
            let f = row.split(separator: ",")
            let price = Decimal(string: String(f[1]))!
            let qty = Decimal(string: String(f[2]))!
            volume += qty
            notional += price * qty
        }
        var quotient = notional / volume
        var vwap = Decimal()
        NSDecimalRound(&vwap, &quotient, 8, .bankers)
        #expect(output.contains("\(rows.count) trades"))
        #expect(output.contains("volume \(volume) BTC"))
        #expect(output.contains("notional \(notional) USDT"))
        #expect(output.contains("VWAP \(vwap)"))
        #expect(
            output.contains(
                "journal  \(scratch)/journal/demo.md.trade.BTCUSDT: \(rows.count) records in 1 file(s), clean"))
        #expect(output.hasSuffix("ok\n"))
    }
}
