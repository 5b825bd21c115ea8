package io.pgsafe.sample;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The users table as each release sees it ({@link DeployPhase}). */
@Repository
public class UserRepository {
    private final JdbcTemplate jdbc;
    private final DeployPhase phase;

    public UserRepository(JdbcTemplate jdbc, DeployPhase phase) {
        this.jdbc = jdbc;
        this.phase = phase;
    }

    public long create(String email) {
        if (phase.writesEmail() && phase.writesEmailAddress()) {
            return jdbc.queryForObject("insert into users (email, email_address) values (?, ?) returning id",
                    Long.class, email, email);
        }
        if (phase.writesEmail()) {
            return jdbc.queryForObject("insert into users (email) values (?) returning id", Long.class, email);
        }
        return jdbc.queryForObject("insert into users (email_address) values (?) returning id", Long.class, email);
    }

    public List<Map<String, Object>> recent(int limit) {
        return jdbc.queryForList("select id, " + column() + " as email from users order by id desc limit ?", limit);
    }

    public List<Map<String, Object>> byEmail(String email) {
        return jdbc.queryForList("select id, " + column() + " as email from users where " + column() + " = ?", email);
    }

    public List<Map<String, Object>> byId(long id) {
        return jdbc.queryForList("select id, " + column() + " as email from users where id = ?", id);
    }

    private String column() {
        return phase.readsEmailAddress() ? "email_address" : "email";
    }
}
