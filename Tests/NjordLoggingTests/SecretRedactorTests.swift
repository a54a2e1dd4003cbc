import Logging
import NjordLogging
import Testing

struct SecretRedactorTests {
    @Test(arguments: [
        ("connect password=hunter2 ok", "connect password=*** ok"),
        ("PASSWORD = hunter2", "PASSWORD = ***"),
        ("secret=s3cr3t;next", "secret=***;next"),
        ("query ts=1&signature=9f86d081&x=1", "query ts=1&signature=***&x=1"),
        ("headers X-MBX-APIKEY: vmPUZE6mv9", "headers X-MBX-APIKEY: ***"),
        ("Authorization: Bearer eyJhbGci.x.y done", "Authorization: Bearer *** done"),
        (#"body {"token":"abc def","n":1}"#, #"body {"token":"***","n":1}"#),
        ("client_secret='a b c'", "client_secret='***'"),
        ("api_key=AK1 apikey=AK2", "api_key=*** apikey=***"),
        ("passwd:pw", "passwd:***"),
    ])
    func secretValuesInMessageTextAreMasked(input: String, expected: String) {
        #expect(SecretRedactor.redact(message: input) == expected)
    }

    @Test(arguments: [
        "tokens=5 per second", "signatures verified: 3", "password reset requested",
        "ratio=0.5 secretary:bob",
        "no separators at all",
    ])
    func harmlessTextIsLeftAlone(text: String) {
        #expect(SecretRedactor.redact(message: text) == text)
    }

    @Test func secretMetadataKeysAreMaskedAtAnyDepthAndCase() {
        let redacted = SecretRedactor.redact([
            "API_KEY": "k", "X-MBX-APIKEY": "k", "redis_password": "p", "signature": "s",
            "authorization": "a",
            "accessToken": "t", "passwd": "p", "clientSecret": "s",
            "request": ["headers": ["Authorization": "Bearer z"], "symbol": "BTCUSDT"],
            "symbol": "BTCUSDT",
        ])
        for key in [
            "API_KEY", "X-MBX-APIKEY", "redis_password", "signature", "authorization", "accessToken",
            "passwd",
            "clientSecret",
        ] {
            #expect(redacted[key] == "***", "key \(key)")
        }
        #expect(redacted["symbol"] == "BTCUSDT")
        #expect(redacted["request"] == ["headers": ["Authorization": "***"], "symbol": "BTCUSDT"])
    }

    @Test func secretFormsInsideMetadataValuesAreMasked() {
        #expect(
            SecretRedactor.redact(["url": "https://x?a=1&signature=abc"])["url"]
                == "https://x?a=1&signature=***")
    }
}
