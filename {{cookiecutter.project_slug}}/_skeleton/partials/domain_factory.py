class {{ domain.class_name }}Factory(ModelFactory):
    class Meta:
        model = {{ domain.class_name }}

    name = Faker("sentence", nb_words=3)
    description = Faker("paragraph")
{% if use_jwt %}
    owner = SubFactory(UserFactory)
{% endif %}
