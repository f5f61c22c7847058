package org.kfm.breakglass.endpoint.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kfm.breakglass.endpoint.wire.WireBytes.message;
import static org.kfm.breakglass.endpoint.wire.WireBytes.of;

import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server messages the endpoint writes itself and the ones it reads from the server. */
class BackendMessagesTest {

    @Test
    void errorResponseCarriesSeveritySqlstateMessageDetailAndHint() throws Exception {
        var notice = ServerNotice.of("ERROR", "25006", "refused", "statement 2 of 3", "elevate");
        var frame = BackendMessages.errorResponse(notice);
        assertThat(frame.toBytes())
                .isEqualTo(message(
                        'E',
                        of().b('S')
                                .s("ERROR")
                                .b('V')
                                .s("ERROR")
                                .b('C')
                                .s("25006")
                                .b('M')
                                .s("refused")
                                .b('D')
                                .s("statement 2 of 3")
                                .b('H')
                                .s("elevate")
                                .b(0)
                                .bytes()));
        var back = BackendDecoder.notice(frame.body());
        assertThat(back).isEqualTo(notice);
        assertThat(back.sqlstate()).isEqualTo("25006");
        assertThat(back.detail()).isEqualTo("statement 2 of 3");
        assertThat(back.hint()).isEqualTo("elevate");
        assertThat(back.endsConnection()).isFalse();
        assertThat(ServerNotice.fatal("57P01", "terminating connection: expired", null, null)
                        .endsConnection())
                .isTrue();
    }

    @Test
    void noticeResponseHasTheSameFieldsUnderTypeN() {
        var frame = BackendMessages.noticeResponse(ServerNotice.of("NOTICE", "00000", "ignored", null, null));
        assertThat(frame.typeChar()).isEqualTo('N');
        assertThat(frame.toBytes())
                .isEqualTo(message(
                        'N',
                        of().b('S')
                                .s("NOTICE")
                                .b('V')
                                .s("NOTICE")
                                .b('C')
                                .s("00000")
                                .b('M')
                                .s("ignored")
                                .b(0)
                                .bytes()));
    }

    @Test
    void readyForQueryCarriesTheTransactionStatus() throws Exception {
        assertThat(BackendMessages.readyForQuery('T').toBytes())
                .isEqualTo(message('Z', of().b('T').bytes()));
        assertThat(BackendDecoder.readyForQuery(of().b('E').bytes())).isEqualTo('E');
        assertThatThrownBy(() -> BackendDecoder.readyForQuery(of().b('X').bytes()))
                .isInstanceOf(ProtocolViolation.class);
        assertThatThrownBy(() -> BackendMessages.readyForQuery('Q')).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void authenticationRequests() throws Exception {
        assertThat(BackendMessages.authenticationOk().toBytes())
                .isEqualTo(message('R', of().i32(0).bytes()));
        var sasl = BackendMessages.authenticationSasl(List.of("SCRAM-SHA-256"));
        assertThat(sasl.toBytes())
                .isEqualTo(message('R', of().i32(10).s("SCRAM-SHA-256").b(0).bytes()));
        var request = BackendDecoder.authentication(sasl.body());
        assertThat(request.code()).isEqualTo(10);
        assertThat(BackendDecoder.saslMechanisms(request.data())).containsExactly("SCRAM-SHA-256");
        assertThat(BackendMessages.authenticationSaslContinue(new byte[] {'r', '='})
                        .toBytes())
                .isEqualTo(message('R', of().i32(11).b('r', '=').bytes()));
        assertThat(BackendMessages.authenticationSaslFinal(new byte[] {'v', '='})
                        .toBytes())
                .isEqualTo(message('R', of().i32(12).b('v', '=').bytes()));
    }

    @Test
    void parameterStatusBackendKeyDataAndNegotiateProtocolVersion() throws Exception {
        var status = BackendMessages.parameterStatus("client_encoding", "UTF8");
        assertThat(status.toBytes())
                .isEqualTo(message('S', of().s("client_encoding").s("UTF8").bytes()));
        assertThat(BackendDecoder.parameterStatus(status.body()))
                .isEqualTo(new BackendDecoder.ParameterStatus("client_encoding", "UTF8"));
        var key = BackendMessages.backendKeyData(17, -3);
        assertThat(key.toBytes()).isEqualTo(message('K', of().i32(17).i32(-3).bytes()));
        assertThat(BackendDecoder.backendKeyData(key.body())).isEqualTo(new BackendDecoder.BackendKeyData(17, -3));
        assertThat(BackendMessages.negotiateProtocolVersion(0, List.of("_pq_.x"))
                        .toBytes())
                .isEqualTo(message('v', of().i32(196608).i32(1).s("_pq_.x").bytes()));
        assertThat(new byte[] {BackendMessages.NOT_SUPPORTED}).isEqualTo(new byte[] {'N'});
    }

    @Test
    void commandCompleteAndRowDescriptionAsTheServerSendsThem() throws Exception {
        assertThat(BackendDecoder.commandComplete(of().s("SELECT 7").bytes())).isEqualTo("SELECT 7");
        byte[] description = of().i16(2)
                .s("id")
                .i32(16400)
                .i16(1)
                .i32(23)
                .i16(4)
                .i32(-1)
                .i16(0)
                .s("name")
                .i32(16400)
                .i16(2)
                .i32(25)
                .i16(-1)
                .i32(-1)
                .i16(0)
                .bytes();
        assertThat(BackendDecoder.rowDescription(description)).containsExactly("id", "name");
        assertThatThrownBy(
                        () -> BackendDecoder.rowDescription(of().i16(1).s("id").bytes()))
                .isInstanceOf(ProtocolViolation.class);
    }

    @Test
    void backendFramingStreamsLargeBodiesAndRefusesUnknownTypes() throws Exception {
        byte[] row = of().i16(1).i32(3).b('a', 'b', 'c').bytes();
        var reader = new BackendReader(new WireInput(ByteSource.of(new ByteArrayInputStream(message('D', row))), 4));
        var header = reader.readHeader();
        assertThat(header).isEqualTo(new BackendReader.Header('D', row.length));
        var copied = new java.io.ByteArrayOutputStream();
        reader.input().transfer(header.bodyLength(), copied::write);
        assertThat(copied.toByteArray()).isEqualTo(row);
        assertThat(reader.readHeader()).isNull();
        var unknown = new BackendReader(new WireInput(
                ByteSource.of(new ByteArrayInputStream(of().b('!').i32(4).bytes()))));
        assertThatThrownBy(unknown::readHeader).hasMessageContaining("unknown message type '!'");
    }
}
