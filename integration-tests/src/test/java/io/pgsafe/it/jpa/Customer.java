package io.pgsafe.it.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/**
 * The entity after a code change: {@code email} and its index are new, the table already exists with rows.
 */
@Entity
@Table(name = "customers", indexes = @Index(name = "customers_email", columnList = "email"))
public class Customer {
    @Id
    private Long id;
    private String name;
    private String email;

    public Long getId() {
        return id;
    }
}
