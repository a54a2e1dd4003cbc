import Foundation
import NjordCore
import Testing

@testable import NjordBacktest

/// The report's decimals must be the bytes `%.Nf` gave before (golden digests of report.html).
@Suite struct RoundedDecimalTextTests {
    static func printf(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

    @Test func randomValuesMatchPrintfAtEveryPrecision() {
        var random = SplitMix64(seed: 0x5eed)
        var checked = 0
        for _ in 0..<20_000 {
            let magnitude = [1e-3, 1, 10, 220, 800, 1e4, 1e7, 1e12][Int.random(in: 0..<8, using: &random)]
            let value = Double.random(in: -magnitude...magnitude, using: &random)
            for digits in 1...6 {
                #expect(RoundedDecimalText.string(value, fractionDigits: digits) == Self.printf(value, digits))
                checked += 1
            }
        }
        #expect(checked == 120_000)
    }

    @Test func exactTiesGoToTheEvenNeighbourAsPrintfDoes() {
        // k/8 and k/16 are exact binary values, so `.xx5` of them is an exact tie at 1 or 2 digits.
        for k in -400...400 {
            for denominator in [4.0, 8.0, 16.0, 32.0] {
                let value = Double(k) / denominator
                for digits in 1...4 {
                    #expect(
                        RoundedDecimalText.string(value, fractionDigits: digits) == Self.printf(value, digits),
                        "\(value) at \(digits) digits")
                }
            }
        }
        #expect(RoundedDecimalText.string(0.25, fractionDigits: 1) == "0.2")
        #expect(RoundedDecimalText.string(0.75, fractionDigits: 1) == "0.8")
        #expect(RoundedDecimalText.string(0.125, fractionDigits: 2) == "0.12")
    }

    @Test func valuesJustBesideAStepRoundLikePrintf() {
        // Decimal-looking values sit a hair above or below the midpoint: 0.35 is 0.34999…
        for base in [0.05, 0.15, 0.35, 1.005, 2.675, 210.05, 799.95, 9.995] {
            for value in [base, base.nextUp, base.nextDown, -base] {
                for digits in 1...3 {
                    #expect(RoundedDecimalText.string(value, fractionDigits: digits) == Self.printf(value, digits))
                }
            }
        }
    }

    @Test func signedZerosAndTinyNegativesKeepTheirSign() {
        #expect(RoundedDecimalText.string(-0.0, fractionDigits: 1) == "-0.0")
        #expect(RoundedDecimalText.string(-0.04, fractionDigits: 1) == "-0.0")
        #expect(RoundedDecimalText.string(0.0, fractionDigits: 2) == "0.00")
        #expect(RoundedDecimalText.string(-0.004, fractionDigits: 2) == Self.printf(-0.004, 2))
    }

    @Test func valuesOutsideTheExactRangeFallBackToPrintf() {
        for value in [Double.nan, .infinity, -.infinity, 1e300, -3.5e17, Double.greatestFiniteMagnitude] {
            #expect(RoundedDecimalText.string(value, fractionDigits: 2) == Self.printf(value, 2))
        }
    }
}
