import Foundation
import NjordTestSupport
import Testing

@testable import NjordCore

@Suite struct FixedParsingTests {
    @Test func binanceZeroPaddedDecimalsParseExactly() throws {
        #expect(try Fixed("61602.01000000").raw == 6_160_201_000_000)
        #expect(try Fixed("0.00012345").raw == 12_345)
        #expect(try Fixed("0.00000001") == .ulp)
        #expect(try Fixed("-1.5").raw == -150_000_000)
        #expect(try Fixed("-0") == .zero)
        #expect(try Fixed("007.50") == Fixed(mantissa: 75, exponent: 1))
    }

    @Test func trailingZerosBeyondEightDigitsAreAcceptedButNonZeroDigitsAreNot() throws {
        #expect(try Fixed("1.1234567800000") == Fixed(mantissa: 112_345_678, exponent: 8))
        #expect(throws: FixedPointError.tooManyFractionDigits) { try Fixed("1.123456789") }
        #expect(throws: FixedPointError.tooManyFractionDigits) { try Fixed("0.000000001") }
    }

    @Test func exponentsSignsWhitespaceAndGarbageAreNamedErrors() {
        #expect(throws: FixedPointError.exponentNotAllowed) { try Fixed("1e-5") }
        #expect(throws: FixedPointError.exponentNotAllowed) { try Fixed("1.5E3") }
        #expect(throws: FixedPointError.empty) { try Fixed("") }
        #expect(throws: FixedPointError.missingDigits) { try Fixed("-") }
        #expect(throws: FixedPointError.missingDigits) { try Fixed(".5") }
        #expect(throws: FixedPointError.missingDigits) { try Fixed("5.") }
        #expect(throws: FixedPointError.unexpectedCharacter(offset: 0)) { try Fixed("+5") }
        #expect(throws: FixedPointError.unexpectedCharacter(offset: 0)) { try Fixed(" 5") }
        #expect(throws: FixedPointError.unexpectedCharacter(offset: 1)) { try Fixed("5 ") }
        #expect(throws: FixedPointError.unexpectedCharacter(offset: 3)) { try Fixed("1.2.3") }
        #expect(throws: FixedPointError.unexpectedCharacter(offset: 1)) { try Fixed("--1") }
        #expect(throws: FixedPointError.unexpectedCharacter(offset: 0)) { try Fixed("NaN") }
        #expect(throws: FixedPointError.unexpectedCharacter(offset: 0)) { try Fixed("inf") }
        #expect(throws: FixedPointError.unexpectedCharacter(offset: 1)) { try Fixed("1,5") }
    }

    @Test func hugeIntegerPartsOverflowInsteadOfWrapping() throws {
        // 1.7e30 whole units is the limit of Int128 at eight digits.
        let fits = "1" + String(repeating: "0", count: 30)
        #expect(try Fixed(fits).description == fits)
        #expect(throws: FixedPointError.overflow) { try Fixed("1" + String(repeating: "0", count: 31)) }
        #expect(throws: FixedPointError.overflow) { try Fixed(String(repeating: "9", count: 60)) }
    }

    @Test func canonicalFormHasNoTrailingZerosNoExponentAndNoNegativeZero() throws {
        #expect(try Fixed("61602.01000000").description == "61602.01")
        #expect(try Fixed("100.00000000").description == "100")
        #expect(try Fixed("0.00000001").description == "0.00000001")
        #expect(try Fixed("-0.000").description == "0")
        #expect(try Fixed("-12.5").description == "-12.5")
        #expect(Fixed.max.description == "1701411834604692317316873037158.84105727")
        #expect(Fixed.min.description == "-1701411834604692317316873037158.84105728")
        #expect(try Fixed(Fixed.min.description) == .min)
        #expect(try Fixed(Fixed.max.description) == .max)
        #expect(throws: FixedPointError.overflow) { try Fixed("1701411834604692317316873037158.84105728") }
        #expect(throws: FixedPointError.overflow) { try Fixed("-1701411834604692317316873037158.84105729") }
    }

    @Test func randomDecimalStringsRoundTripExactly() throws {
        var rng = SplitMix64(seed: 0xF1CED)
        for _ in 0..<50_000 {
            let wholeDigits = Int.random(in: 1...22, using: &rng)
            let fractionDigits = Int.random(in: 0...8, using: &rng)
            var text = Bool.random(using: &rng) ? "-" : ""
            text += String(Int.random(in: 1...9, using: &rng))
            for _ in 1..<wholeDigits { text += String(Int.random(in: 0...9, using: &rng)) }
            if fractionDigits > 0 {
                text += "."
                for _ in 0..<fractionDigits { text += String(Int.random(in: 0...9, using: &rng)) }
            }
            let value = try Fixed(text)
            #expect(try Fixed(value.description) == value)
            // The canonical form is the input with trailing fractional zeros (and a bare point) removed.
            var expected = text
            if expected.contains(".") {
                while expected.hasSuffix("0") { expected.removeLast() }
                if expected.hasSuffix(".") { expected.removeLast() }
            }
            #expect(value.description == expected, "input \(text)")
        }
    }

    @Test func randomRawValuesFormatAndParseBack() throws {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<50_000 {
            let raw =
                Int128(bitPattern: UInt128(rng.next()) << 64 | UInt128(rng.next()))
                >> Int.random(in: 0...120, using: &rng)
            let value = Fixed(raw: raw)
            #expect(try Fixed(value.description) == value)
        }
    }
}

@Suite struct FixedArithmeticTests {
    private func f(_ s: String) -> Fixed { try! Fixed(s) }

    @Test func productsAreExactBeforeTheirOneRounding() throws {
        #expect(try f("61602.01").multiplied(by: f("0.00012"), rounding: .toNearestOrEven) == f("7.3922412"))
        #expect(try f("0.00000001").multiplied(by: f("0.5"), rounding: .toNearestOrEven) == .zero)  // tie → even (0)
        #expect(try f("0.00000003").multiplied(by: f("0.5"), rounding: .toNearestOrEven) == f("0.00000002"))  // 1.5 → 2
        #expect(try f("0.00000005").multiplied(by: f("0.5"), rounding: .toNearestOrEven) == f("0.00000002"))  // 2.5 → 2
        #expect(try f("0.00000005").multiplied(by: f("0.5"), rounding: .toNearestOrAwayFromZero) == f("0.00000003"))
        #expect(try f("-0.00000005").multiplied(by: f("0.5"), rounding: .toNearestOrEven) == f("-0.00000002"))
        #expect(try f("0.00000001").multiplied(by: f("0.1"), rounding: .towardZero) == .zero)
        #expect(try f("0.00000001").multiplied(by: f("0.1"), rounding: .up) == .ulp)
        #expect(try f("-0.00000001").multiplied(by: f("0.1"), rounding: .down) == -.ulp)
        #expect(try f("-0.00000001").multiplied(by: f("0.1"), rounding: .up) == .zero)
    }

    @Test func feeOnLargeNotionalUsesTheWidePathExactly() throws {
        // Cash of 10^12 quote units at a 0.1% fee; then a price of 10^7 × 10^12 units (10^19 notional).
        #expect(try f("1000000000000").multiplied(by: f("0.001"), rounding: .toNearestOrEven) == f("1000000000"))
        #expect(
            try f("10000000").multiplied(by: f("1000000000000"), rounding: .towardZero) == f("10000000000000000000"))
        #expect(try f("0.00000001").multiplied(by: f("1000000000000"), rounding: .towardZero) == f("10000"))
        let wide = f("123456789012345678901.12345678")
        #expect(try wide.multiplied(by: f("0.00000001"), rounding: .toNearestOrEven) == f("1234567890123.45678901"))
    }

    @Test func overflowingProductsAndQuotientsThrow() {
        #expect(throws: FixedPointError.overflow) { try Fixed.max.multiplied(by: Fixed(2), rounding: .towardZero) }
        #expect(throws: FixedPointError.overflow) {
            try self.f("1000000000000000000000").multiplied(by: self.f("1000000000000000000000"), rounding: .towardZero)
        }
        #expect(throws: FixedPointError.overflow) { try Fixed.max.divided(by: self.f("0.5"), rounding: .towardZero) }
        #expect(throws: FixedPointError.divisionByZero) { try Fixed.one.divided(by: .zero, rounding: .towardZero) }
    }

    @Test func additionOverflowTrapsRatherThanWraps() {
        // Checked arithmetic: Int128 addition traps. The trap itself is not testable in-process, so
        // this pins the representable edge instead: one ulp below max adds to max without wrapping.
        #expect(Fixed(raw: .max - 1) + .ulp == .max)
        #expect(Fixed.max.raw.addingReportingOverflow(1).overflow)
    }

    @Test func divisionRoundsByTheGivenRule() throws {
        // 100000 / 61602.01 = 1.62332365453…
        #expect(try f("100000").divided(by: f("61602.01"), rounding: .towardZero) == f("1.62332365"))
        #expect(try f("100000").divided(by: f("61602.01"), rounding: .up) == f("1.62332366"))
        #expect(try f("-1").divided(by: f("3"), rounding: .down) == f("-0.33333334"))
        #expect(try f("1").divided(by: 3, rounding: .toNearestOrEven) == f("0.33333333"))
    }

    @Test func roundingToMultiplesHonoursEveryDirection() {
        let tick = f("0.01")
        #expect(f("61602.015").rounded(toMultipleOf: tick, .down) == f("61602.01"))
        #expect(f("61602.015").rounded(toMultipleOf: tick, .up) == f("61602.02"))
        #expect(f("61602.015").rounded(toMultipleOf: tick, .toNearestOrEven) == f("61602.02"))
        #expect(f("61602.025").rounded(toMultipleOf: tick, .toNearestOrEven) == f("61602.02"))
        #expect(f("-0.015").rounded(toMultipleOf: tick, .down) == f("-0.02"))
        #expect(f("-0.015").rounded(toMultipleOf: tick, .towardZero) == f("-0.01"))
    }

    /// Products and quotients agree with Foundation's 38-digit Decimal wherever the exact result fits it.
    @Test func randomProductsAgreeWithAnIndependentDecimalReference() throws {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let a = Fixed(raw: Int128(Int64.random(in: -999_999_999_999_999...999_999_999_999_999, using: &rng)))
            let b = Fixed(raw: Int128(Int64.random(in: -99_999_999_999...99_999_999_999, using: &rng)))
            for rule in [FloatingPointRoundingRule.toNearestOrEven, .towardZero, .down, .up] {
                let ours = try a.multiplied(by: b, rounding: rule)
                var exact = Decimal(string: a.description)! * Decimal(string: b.description)!
                var rounded = Decimal()
                let mode: NSDecimalNumber.RoundingMode =
                    switch rule {
                    case .toNearestOrEven: .bankers
                    case .down: .down
                    case .up: .up
                    default: exact < 0 ? .up : .down
                    }
                NSDecimalRound(&rounded, &exact, 8, mode)
                #expect(ours.description == NSDecimalNumber(decimal: rounded).stringValue, "\(a) × \(b) \(rule)")
            }
        }
    }
}
