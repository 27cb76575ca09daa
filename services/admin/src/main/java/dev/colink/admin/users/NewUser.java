package dev.colink.admin.users;

import java.util.List;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /v1/admin/users}.
 *
 * @param roles realm roles among {@link ManagedUser#ROLES}; none given means {@code [colink-user]}
 */
public record NewUser(
		@NotNull @Pattern(regexp = "^[a-z0-9][a-z0-9._-]{2,62}$",
				message = "must be 3 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit") String username,
		@NotNull @Size(max = 320) @Email @Pattern(regexp = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
				message = "must be a well-formed email address") String email,
		@NotBlank @Size(max = 255) String displayName,
		@NotNull @Size(min = 8, max = 128, message = "must be 8 to 128 characters") String password,
		List<@NotNull @Pattern(regexp = "colink-user|colink-admin",
				message = "must be colink-user or colink-admin") String> roles) {

	List<String> rolesOrDefault() {
		return (this.roles == null || this.roles.isEmpty()) ? List.of(ManagedUser.USER_ROLE)
				: this.roles.stream().distinct().toList();
	}

	@Override
	public String toString() {
		return "NewUser[username=" + this.username + ", email=" + this.email + ", roles=" + this.roles + "]";
	}

}
