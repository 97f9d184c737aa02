// The templates of the QEP-054 seed (reference/seeds/qep-054-realtime-web-framework.md),
// copied verbatim: every one must compile.
#pragma once

#include <array>
#include <string_view>

namespace live_test {

inline constexpr std::array<std::string_view, 9> seed_templates = {
    R"SEED(
            <div>
                <h1>Count: <%= count %></h1>
                <button phx-click="increment">+</button>
                <button phx-click="decrement">-</button>
                <button phx-click="reset">Reset</button>
            </div>
        )SEED",
    R"SEED(
            <form phx-submit="register" phx-change="validate">
                <h2>Register</h2>

                <input
                    type="text"
                    name="username"
                    value="<%= username %>"
                    phx-debounce="300" />
                <% if errors.username %>
                    <span class="error"><%= errors.username %></span>
                <% end %>

                <input
                    type="email"
                    name="email"
                    value="<%= email %>"
                    phx-debounce="300" />
                <% if errors.email %>
                    <span class="error"><%= errors.email %></span>
                <% end %>

                <input
                    type="password"
                    name="password"
                    value="<%= password %>" />
                <% if errors.password %>
                    <span class="error"><%= errors.password %></span>
                <% end %>

                <button type="submit">Register</button>
            </form>
        )SEED",
    R"SEED(
            <div class="dashboard">
                <h1>System Dashboard</h1>
                <p>Last updated: <%= last_updated.format("%H:%M:%S") %></p>

                <div class="metrics">
                    <% for metric in metrics %>
                        <div class="metric">
                            <h3><%= metric.name %></h3>
                            <p class="value"><%= metric.value %></p>
                            <span class="trend <%= metric.trend %>">
                                <%= metric.change %>%
                            </span>
                        </div>
                    <% end %>
                </div>
            </div>
        )SEED",
    R"SEED(
            <div class="chat">
                <div class="messages">
                    <% for msg in messages %>
                        <div class="message">
                            <strong><%= msg.username %>:</strong>
                            <%= msg.text %>
                        </div>
                    <% end %>
                </div>

                <form phx-submit="send_message">
                    <input
                        type="text"
                        name="message"
                        value="<%= current_message %>"
                        phx-change="update_message"
                        autocomplete="off" />
                    <button type="submit">Send</button>
                </form>
            </div>
        )SEED",
    R"SEED(
            <div class="search">
                <input
                    type="text"
                    value="<%= query %>"
                    phx-change="search"
                    phx-debounce="500"
                    placeholder="Search..." />

                <% if loading %>
                    <div class="spinner">Searching...</div>
                <% end %>

                <ul class="results">
                    <% for result in results %>
                        <li phx-click="select" phx-value-id="<%= result.id %>">
                            <%= result.title %>
                        </li>
                    <% end %>
                </ul>
            </div>
        )SEED",
    R"SEED(
            <div class="browser">
                <h1>Product Browser</h1>

                <%= lv.live_component(SearchComponent, id: "search") %>

                <% if selected_product %>
                    <div class="details">
                        <h2><%= details.name %></h2>
                        <p><%= details.description %></p>
                        <p class="price">$<%= details.price %></p>
                    </div>
                <% end %>
            </div>
        )SEED",
    R"SEED(
            <div class="dashboard">
                <h1>System Dashboard</h1>

                <div class="metrics">
                    <div class="metric <%= cpu_class(cpu) %>">
                        <h3>CPU</h3>
                        <div class="value"><%= cpu %>%</div>
                    </div>

                    <div class="metric">
                        <h3>Memory</h3>
                        <div class="value"><%= memory %>%</div>
                    </div>

                    <div class="metric">
                        <h3>Requests/sec</h3>
                        <div class="value"><%= requests_per_sec %></div>
                    </div>

                    <div class="metric">
                        <h3>Active Users</h3>
                        <div class="value"><%= active_users %></div>
                    </div>
                </div>

                <div class="alerts">
                    <h2>Alerts</h2>
                    <% if alerts.empty() %>
                        <p class="success">All systems operational</p>
                    <% else %>
                        <% for alert in alerts %>
                            <div class="alert <%= alert.severity %>">
                                <strong><%= alert.title %></strong>
                                <p><%= alert.message %></p>
                                <button phx-click="dismiss_alert" phx-value-id="<%= alert.id %>">
                                    Dismiss
                                </button>
                            </div>
                        <% end %>
                    <% end %>
                </div>
            </div>
        )SEED",
    R"SEED(
            <div class="editor">
                <div class="toolbar">
                    <h2>Document <%= doc_id %></h2>
                    <div class="users">
                        <% for user_id, cursor in cursors %>
                            <span class="user" style="color: <%= cursor.color %>">
                                <%= cursor.username %>
                            </span>
                        <% end %>
                    </div>
                </div>

                <div class="editor-area">
                    <textarea
                        phx-change="update_content"
                        phx-hook="Editor"
                        phx-debounce="100"
                    ><%= content %></textarea>
                </div>
            </div>
        )SEED",
    R"SEED(
            <div class="notifications">
                <button phx-click="toggle" class="notification-bell">
                    🔔
                    <% if unread_count > 0 %>
                        <span class="badge"><%= unread_count %></span>
                    <% end %>
                </button>

                <div class="notification-dropdown" style="display: <%= open ? 'block' : 'none' %>">
                    <% if notifications.empty() %>
                        <p>No notifications</p>
                    <% else %>
                        <% for notif in notifications %>
                            <div class="notification <%= notif.read ? '' : 'unread' %>">
                                <p><%= notif.message %></p>
                                <span class="time"><%= format_time(notif.created_at) %></span>
                                <button phx-click="mark_read" phx-value-id="<%= notif.id %>">
                                    Mark read
                                </button>
                            </div>
                        <% end %>
                    <% end %>
                </div>
            </div>
        )SEED",
};

}  // namespace live_test
