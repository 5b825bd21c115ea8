package io.pgsafe.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLexerTest {

    /** The significant tokens of {@code sql} as "KIND:text". */
    private static List<String> tokens(String sql) {
        return SqlLexer.tokenize(sql).stream()
                .filter(t -> t.kind() != TokenKind.WHITESPACE)
                .map(t -> t.kind() + ":" + t.text(sql))
                .toList();
    }

    @Test
    void line_comment_runs_to_the_end_of_the_line() {
        assertThat(tokens("select 1 -- one; two\n;"))
                .containsExactly("IDENTIFIER:select", "NUMBER:1", "LINE_COMMENT:-- one; two", "SEMICOLON:;");
    }

    @Test
    void block_comments_nest() {
        assertThat(tokens("a /* x /* y; */ z; */ b"))
                .containsExactly("IDENTIFIER:a", "BLOCK_COMMENT:/* x /* y; */ z; */", "IDENTIFIER:b");
    }

    @Test
    void block_comment_pressed_against_identifiers_separates_them() {
        assertThat(tokens("create/*x*/index/**/on"))
                .containsExactly("IDENTIFIER:create", "BLOCK_COMMENT:/*x*/", "IDENTIFIER:index",
                        "BLOCK_COMMENT:/**/", "IDENTIFIER:on");
    }

    @Test
    void standard_string_doubles_its_quote_and_keeps_backslashes() {
        assertThat(tokens("'it''s' 'a\\' ;"))
                .containsExactly("STRING:'it''s'", "STRING:'a\\'", "SEMICOLON:;");
    }

    @Test
    void escape_string_takes_backslash_escapes() {
        assertThat(tokens("E'it\\'s; ok' e'\\\\' x"))
                .containsExactly("ESCAPE_STRING:E'it\\'s; ok'", "ESCAPE_STRING:e'\\\\'", "IDENTIFIER:x");
    }

    @Test
    void unicode_string_and_identifier() {
        assertThat(tokens("U&'d\\0061t''a' UESCAPE '!' u&\"d\"\"x\""))
                .containsExactly("UNICODE_STRING:U&'d\\0061t''a'", "IDENTIFIER:UESCAPE", "STRING:'!'",
                        "UNICODE_QUOTED_IDENTIFIER:u&\"d\"\"x\"");
    }

    @Test
    void bit_hex_and_national_strings() {
        assertThat(tokens("B'0101' X'1F' N'nat'"))
                .containsExactly("BIT_STRING:B'0101'", "HEX_STRING:X'1F'", "STRING:N'nat'");
    }

    @Test
    void a_prefix_letter_inside_an_identifier_does_not_start_a_string() {
        assertThat(tokens("fooe'x'")).containsExactly("IDENTIFIER:fooe", "STRING:'x'");
    }

    @Test
    void dollar_quotes_with_and_without_tag() {
        assertThat(tokens("$$a;'b$$ $fn$ x $$ y $fn$ $a1_$z$a1_$"))
                .containsExactly("DOLLAR_STRING:$$a;'b$$", "DOLLAR_STRING:$fn$ x $$ y $fn$", "DOLLAR_STRING:$a1_$z$a1_$");
    }

    @Test
    void dollar_inside_an_identifier_is_part_of_it() {
        assertThat(tokens("a$b$ c")).containsExactly("IDENTIFIER:a$b$", "IDENTIFIER:c");
    }

    @Test
    void positional_parameters_and_jdbc_placeholders() {
        assertThat(tokens("$1 + ? ?| $23"))
                .containsExactly("PARAMETER:$1", "OPERATOR:+", "PLACEHOLDER:?", "OPERATOR:?|", "PARAMETER:$23");
    }

    @Test
    void quoted_identifier_doubles_its_quote() {
        assertThat(tokens("\"My \"\"Table\"\"\".\"x;y\""))
                .containsExactly("QUOTED_IDENTIFIER:\"My \"\"Table\"\"\"", "DOT:.", "QUOTED_IDENTIFIER:\"x;y\"");
    }

    @Test
    void typecasts_operators_and_punctuation() {
        assertThat(tokens("a::int[] <> (b) , c := 1 >= d"))
                .containsExactly("IDENTIFIER:a", "TYPECAST:::", "IDENTIFIER:int", "LEFT_BRACKET:[", "RIGHT_BRACKET:]",
                        "OPERATOR:<>", "LEFT_PAREN:(", "IDENTIFIER:b", "RIGHT_PAREN:)", "COMMA:,", "IDENTIFIER:c",
                        "OPERATOR::=", "NUMBER:1", "OPERATOR:>=", "IDENTIFIER:d");
    }

    @Test
    void an_operator_stops_where_a_comment_starts() {
        assertThat(tokens("a +-- c\n b */* c */ d"))
                .containsExactly("IDENTIFIER:a", "OPERATOR:+", "LINE_COMMENT:-- c", "IDENTIFIER:b", "OPERATOR:*",
                        "BLOCK_COMMENT:/* c */", "IDENTIFIER:d");
    }

    @Test
    void numbers() {
        assertThat(tokens("1 1.5 .5 1e10 2.5E-3 0x1F 1_000"))
                .containsExactly("NUMBER:1", "NUMBER:1.5", "NUMBER:.5", "NUMBER:1e10", "NUMBER:2.5E-3",
                        "NUMBER:0x1F", "NUMBER:1_000");
    }

    @Test
    void backslash_is_a_meta_command_only_in_psql_input() {
        List<Token> psql = new java.util.ArrayList<>();
        SqlLexer lexer = new SqlLexer("\\set x 1\nselect", true);
        while (lexer.next()) {
            psql.add(lexer.token());
        }
        assertThat(psql).extracting(Token::kind)
                .containsExactly(TokenKind.PSQL_META_COMMAND, TokenKind.WHITESPACE, TokenKind.IDENTIFIER);
        assertThat(tokens("\\x")).containsExactly("OTHER:\\", "IDENTIFIER:x");
    }

    @Test
    void unterminated_quote_reports_where_it_opened() {
        assertThatThrownBy(() -> SqlLexer.tokenize("select 1;\n  select 'abc"))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessage("unterminated quoted string starting at line 2, column 10")
                .satisfies(e -> assertThat(((SqlSyntaxException) e).offset()).isEqualTo(19));
    }

    @Test
    void unterminated_escape_string_with_escaped_quote_at_the_end() {
        assertThatThrownBy(() -> SqlLexer.tokenize("E'abc\\'"))
                .hasMessage("unterminated quoted string starting at line 1, column 1");
    }

    @Test
    void unterminated_block_comment_counts_nesting() {
        assertThatThrownBy(() -> SqlLexer.tokenize("a /* /* */ b"))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessage("unterminated /* comment starting at line 1, column 3");
    }

    @Test
    void unterminated_dollar_body_names_its_tag() {
        assertThatThrownBy(() -> SqlLexer.tokenize("do $body$ begin end $bod$"))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessage("unterminated dollar-quoted string $body$ starting at line 1, column 4");
    }

    @Test
    void unterminated_quoted_identifier() {
        assertThatThrownBy(() -> SqlLexer.tokenize("\r\nselect \"x"))
                .hasMessage("unterminated quoted identifier starting at line 2, column 8");
    }

    @Test
    void lone_dollar_is_other() {
        assertThat(tokens("$ $x")).containsExactly("OTHER:$", "OTHER:$", "IDENTIFIER:x");
    }
}
