package org.kfm.breakglass.endpoint.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kfm.breakglass.endpoint.wire.WireBytes.frame;
import static org.kfm.breakglass.endpoint.wire.WireBytes.message;
import static org.kfm.breakglass.endpoint.wire.WireBytes.of;
import static org.kfm.breakglass.endpoint.wire.WireBytes.packet;
import static org.kfm.breakglass.endpoint.wire.WireBytes.reader;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every client message the endpoint reads: bytes in, value out (and back through the encoder where it has one). */
class FrontendMessagesTest {

    @Test
    void startupMessageGivesVersionAndParametersInOrder() throws Exception {
        byte[] bytes = packet(of().i32(196608)
                .s("user")
                .s("ann")
                .s("database")
                .s("kfm")
                .s("application_name")
                .s("psql")
                .b(0)
                .bytes());
        var startup = (StartupPacket.StartupMessage) reader(bytes).readStartup();
        assertThat(startup.majorVersion()).isEqualTo(3);
        assertThat(startup.minorVersion()).isZero();
        assertThat(startup.parameters())
                .containsExactly(
                        Map.entry("user", "ann"), Map.entry("database", "kfm"), Map.entry("application_name", "psql"));
        assertThat(FrontendMessages.startupMessage(startup.parameters())).isEqualTo(bytes);
    }

    @Test
    void sslGssAndCancelRequestsAreRecognisedByTheirCodes() throws Exception {
        assertThat(reader(packet(of().i32(80877103).bytes())).readStartup())
                .isInstanceOf(StartupPacket.SslRequest.class);
        assertThat(reader(packet(of().i32(80877104).bytes())).readStartup())
                .isInstanceOf(StartupPacket.GssEncRequest.class);
        byte[] cancel = packet(of().i32(80877102).i32(4242).i32(-7).bytes());
        assertThat(reader(cancel).readStartup()).isEqualTo(new StartupPacket.CancelRequest(4242, -7));
        assertThat(FrontendMessages.cancelRequest(4242, -7)).isEqualTo(cancel);
        assertThat(FrontendMessages.sslRequest())
                .isEqualTo(packet(of().i32(80877103).bytes()));
        assertThat(FrontendMessages.gssEncRequest())
                .isEqualTo(packet(of().i32(80877104).bytes()));
    }

    @Test
    void startupPacketsThatPostgresqlWouldRejectAreViolations() {
        assertThatThrownBy(() -> reader(of().i32(4).bytes()).readStartup())
                .isInstanceOf(ProtocolViolation.class)
                .hasMessageContaining("invalid length of startup packet");
        assertThatThrownBy(() -> reader(of().i32(10_001).bytes()).readStartup())
                .hasMessageContaining("invalid length of startup packet");
        assertThatThrownBy(() -> reader(packet(of().i32(2 << 16).b(0).bytes())).readStartup())
                .hasMessageContaining("unsupported frontend protocol 2.0");
        assertThatThrownBy(
                        () -> reader(packet(of().i32(196608).s("user").bytes())).readStartup())
                .hasMessageContaining("without its terminating NUL");
        assertThatThrownBy(() -> reader(packet(of().i32(196608)
                                .s("user")
                                .s("a")
                                .s("user")
                                .s("b")
                                .b(0)
                                .bytes()))
                        .readStartup())
                .hasMessageContaining("given twice");
        assertThatThrownBy(
                        () -> reader(packet(of().i32(80877103).i32(1).bytes())).readStartup())
                .hasMessageContaining("unexpected bytes");
        assertThatThrownBy(() -> reader(of().i32(40).i32(196608).bytes()).readStartup())
                .hasMessageContaining("ended inside the startup packet");
    }

    @Test
    void queryIsOneNulTerminatedUtf8String() throws Exception {
        var query = FrontendDecoder.decode(
                frame('Q', of().s("SELECT 'ä' ; SELECT 2").bytes()));
        assertThat(query).isEqualTo(new FrontendMessage.Query("SELECT 'ä' ; SELECT 2"));
        assertThat(FrontendMessages.query("SELECT 'ä' ; SELECT 2").toBytes())
                .isEqualTo(message('Q', of().s("SELECT 'ä' ; SELECT 2").bytes()));
        // what the server's pq_getmsgend would refuse: a second string hidden after the NUL
        assertThatThrownBy(() -> FrontendDecoder.decode(
                        frame('Q', of().s("SELECT 1").s("DELETE FROM t").bytes())))
                .hasMessageContaining("unexpected bytes at the end");
        assertThatThrownBy(() ->
                        FrontendDecoder.decode(frame('Q', of().b(0xC3, 0x28, 0).bytes())))
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void parseKeepsNameTextAndParameterTypes() throws Exception {
        var parse = FrontendDecoder.decode(
                frame('P', of().s("s1").s("SELECT $1::int").i16(1).i32(23).bytes()));
        assertThat(parse).isEqualTo(new FrontendMessage.Parse("s1", "SELECT $1::int", java.util.List.of(23)));
        assertThat(FrontendMessages.parse("", "SELECT 1").toBytes())
                .isEqualTo(message('P', of().s("").s("SELECT 1").i16(0).bytes()));
        assertThatThrownBy(() -> FrontendDecoder.decode(
                        frame('P', of().s("s").s("x").i16(2).i32(23).bytes())))
                .hasMessageContaining("runs past the end");
    }

    @Test
    void bindGivesParametersWithFormatsAndNull() throws Exception {
        byte[] body = of().s("p1")
                .s("s1")
                .i16(2)
                .i16(0)
                .i16(1)
                .i16(2)
                .i32(3)
                .raw("abc".getBytes(StandardCharsets.UTF_8))
                .i32(-1)
                .i16(1)
                .i16(1)
                .bytes();
        var bind = (FrontendMessage.Bind) FrontendDecoder.decode(frame('B', body));
        assertThat(bind.portal()).isEqualTo("p1");
        assertThat(bind.statement()).isEqualTo("s1");
        assertThat(bind.parameters()).hasSize(2);
        assertThat(bind.parameters().get(0)).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
        assertThat(bind.parameters().get(1)).isNull();
        assertThat(bind.formatOf(0)).isZero();
        assertThat(bind.formatOf(1)).isOne();
        assertThat(bind.resultFormats()).containsExactly(1);
        assertThat(FrontendMessages.bind("", "").toBytes())
                .isEqualTo(message('B', of().s("").s("").i16(0).i16(0).i16(0).bytes()));
    }

    @Test
    void bindThatTheServerWouldRejectIsAViolation() {
        assertThatThrownBy(() -> FrontendDecoder.decode(frame(
                        'B',
                        of().s("")
                                .s("")
                                .i16(2)
                                .i16(0)
                                .i16(0)
                                .i16(3)
                                .i32(-1)
                                .i32(-1)
                                .i32(-1)
                                .i16(0)
                                .bytes())))
                .hasMessageContaining("2 parameter formats for 3 parameters");
        assertThatThrownBy(() -> FrontendDecoder.decode(
                        frame('B', of().s("").s("").i16(1).i16(7).i16(0).i16(0).bytes())))
                .hasMessageContaining("unsupported parameter format code 7");
        assertThatThrownBy(() -> FrontendDecoder.decode(
                        frame('B', of().s("").s("").i16(0).i16(1).i32(-5).i16(0).bytes())))
                .hasMessageContaining("has length -5");
        assertThatThrownBy(() -> FrontendDecoder.decode(frame(
                        'B', of().s("").s("").i16(0).i16(1).i32(100).i16(0).bytes())))
                .hasMessageContaining("runs past the end");
    }

    @Test
    void executeDescribeCloseSyncFlushTerminate() throws Exception {
        assertThat(FrontendDecoder.decode(frame('E', of().s("p").i32(50).bytes())))
                .isEqualTo(new FrontendMessage.Execute("p", 50));
        assertThat(FrontendMessages.execute("p", 50).toBytes())
                .isEqualTo(message('E', of().s("p").i32(50).bytes()));
        assertThat(FrontendDecoder.decode(frame('D', of().b('S').s("s1").bytes())))
                .isEqualTo(new FrontendMessage.Describe('S', "s1"));
        assertThat(FrontendMessages.describe('P', "").toBytes())
                .isEqualTo(message('D', of().b('P').s("").bytes()));
        assertThat(FrontendDecoder.decode(frame('C', of().b('P').s("c").bytes())))
                .isEqualTo(new FrontendMessage.Close('P', "c"));
        assertThat(FrontendMessages.close('S', "x").toBytes())
                .isEqualTo(message('C', of().b('S').s("x").bytes()));
        assertThat(FrontendDecoder.decode(frame('S', new byte[0]))).isEqualTo(new FrontendMessage.Sync());
        assertThat(FrontendMessages.sync().toBytes()).isEqualTo(message('S', new byte[0]));
        assertThat(FrontendDecoder.decode(frame('H', new byte[0]))).isEqualTo(new FrontendMessage.Flush());
        assertThat(FrontendMessages.flush().toBytes()).isEqualTo(message('H', new byte[0]));
        assertThat(FrontendDecoder.decode(frame('X', new byte[0]))).isEqualTo(new FrontendMessage.Terminate());
        assertThat(FrontendMessages.terminate().toBytes()).isEqualTo(message('X', new byte[0]));
        assertThatThrownBy(() ->
                        FrontendDecoder.decode(frame('D', of().b('Q').s("x").bytes())))
                .hasMessageContaining("kind 'Q'");
        assertThatThrownBy(() -> FrontendDecoder.decode(frame('S', of().b(1).bytes())))
                .hasMessageContaining("unexpected bytes");
    }

    @Test
    void copyMessages() throws Exception {
        assertThat(FrontendDecoder.decode(frame('d', "1\tx\n".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(new FrontendMessage.CopyData(4));
        assertThat(FrontendDecoder.decode(frame('c', new byte[0]))).isEqualTo(new FrontendMessage.CopyDone());
        assertThat(FrontendDecoder.decode(frame('f', of().s("gave up").bytes())))
                .isEqualTo(new FrontendMessage.CopyFail("gave up"));
    }

    @Test
    void functionCallIsDecodedToBeRefused() throws Exception {
        var call = (FrontendMessage.FunctionCall) FrontendDecoder.decode(frame(
                'F', of().i32(2619).i16(1).i16(1).i16(1).i32(4).i32(99).i16(1).bytes()));
        assertThat(call.functionOid()).isEqualTo(2619);
        assertThat(call.arguments()).hasSize(1);
        assertThat(call.resultFormat()).isOne();
        assertThatThrownBy(() -> FrontendDecoder.decode(
                        frame('F', of().i32(1).i16(0).i16(0).i16(5).bytes())))
                .hasMessageContaining("unsupported result format code 5");
    }

    @Test
    void saslMessagesAreReadOnlyDuringAuthentication() throws Exception {
        byte[] initial = of().s("SCRAM-SHA-256")
                .i32(3)
                .raw("n,,".getBytes(StandardCharsets.US_ASCII))
                .bytes();
        var frame = reader(message('p', initial)).readMessage(true);
        var response = FrontendDecoder.saslInitialResponse(frame);
        assertThat(response.mechanism()).isEqualTo("SCRAM-SHA-256");
        assertThat(response.data()).isEqualTo("n,,".getBytes(StandardCharsets.US_ASCII));
        assertThat(FrontendMessages.saslInitialResponse("SCRAM-SHA-256", "n,,".getBytes(StandardCharsets.US_ASCII))
                        .toBytes())
                .isEqualTo(message('p', initial));
        assertThat(FrontendDecoder.saslResponse(reader(message('p', "c=biws".getBytes(StandardCharsets.US_ASCII)))
                        .readMessage(true)))
                .isEqualTo("c=biws".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> reader(message('p', new byte[0])).readMessage(false))
                .hasMessageContaining("invalid frontend message type 'p'");
        assertThatThrownBy(() -> reader(message('Q', of().s("x").bytes())).readMessage(true))
                .hasMessageContaining("expected a password or SASL message");
    }

    @Test
    void framingRefusesBadLengthsBeforeReadingTheBody() throws Exception {
        assertThat(reader(new byte[0]).readMessage(false)).isNull();
        assertThatThrownBy(() -> reader(of().b('Q').i32(3).bytes()).readMessage(false))
                .hasMessageContaining("invalid message length 3");
        assertThatThrownBy(() -> reader(of().b('Q').i32(-1).bytes()).readMessage(false))
                .hasMessageContaining("invalid message length -1");
        // no body follows: the limit is checked on the length word alone
        assertThatThrownBy(() -> reader(of().b('Q')
                                .i32(WireLimits.MAX_LARGE_MESSAGE + 5)
                                .bytes())
                        .readMessage(false))
                .hasMessageContaining("over the endpoint's limit");
        assertThatThrownBy(() -> reader(of().b('S').i32(10_005).bytes()).readMessage(false))
                .hasMessageContaining("over the endpoint's limit of 10000");
        assertThatThrownBy(() -> reader(of().b('X').i32(5).b(0).bytes()).readMessage(false))
                .hasMessageContaining("over the endpoint's limit of 0");
        assertThatThrownBy(() -> reader(of().b('Z').i32(4).bytes()).readMessage(false))
                .hasMessageContaining("invalid frontend message type 'Z'");
        assertThatThrownBy(() -> reader(of().b(0x01).i32(4).bytes()).readMessage(false))
                .hasMessageContaining("0x01");
        assertThatThrownBy(
                        () -> reader(of().b('Q').i32(100).s("SELECT").bytes()).readMessage(false))
                .hasMessageContaining("ended inside a message of type 'Q'");
    }
}
