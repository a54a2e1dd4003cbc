import NjordCore
import Testing

@Suite struct JSONWriterTests {
    func written(_ value: String) -> String {
        var w = JSONWriter()
        w.string(value)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    @Test func quotesBackslashesAndControlCharactersAreEscaped() {
        #expect(written(#"a"b\c"#) == #""a\"b\\c""#)
        #expect(written("\n\t\u{0}\u{1F}") == #""\u000a\u0009\u0000\u001f""#)
        #expect(written("/é€😀\u{7F}") == "\"/é€😀\u{7F}\"")
        #expect(written("") == "\"\"")
    }

    @Test func integersAreWrittenExactlyAtTheirLimits() {
        for value in [Int64.min, -1, 0, 9, 10, 1_723_161_254_087_896_568, .max] {
            var w = JSONWriter()
            w.int(value)
            #expect(String(decoding: w.bytes, as: UTF8.self) == String(value))
        }
        var w = JSONWriter()
        w.uint(.max)
        #expect(String(decoding: w.bytes, as: UTF8.self) == String(UInt64.max))
    }

    @Test func optionalsAreWrittenAsNull() {
        var w = JSONWriter()
        w.decimal(nil as Fixed?)
        w.byte(UInt8(ascii: ","))
        w.string(nil as String?)
        w.byte(UInt8(ascii: ","))
        w.int(nil as Int64?)
        #expect(String(decoding: w.bytes, as: UTF8.self) == "null,null,null")
    }
}
