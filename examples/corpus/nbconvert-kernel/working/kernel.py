#!/usr/bin/env python
# coding: utf-8

# # Spaceship baseline
# Exported from the notebook with "File > Download > Python": each %magic became a
# get_ipython() call.

# In[1]:


import joblib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
get_ipython().run_line_magic('matplotlib', 'inline')
get_ipython().run_line_magic('config', "InlineBackend.figure_format = 'retina'")


# In[2]:


train = pd.read_csv('../input/spaceship/train.csv')
test = pd.read_csv('../input/spaceship/test.csv')
train.head()


# In[3]:


train['Age'].hist(bins=20)
plt.title('Age')
plt.show()


# In[4]:


def prepare(df):
    df = df.copy()
    df['Age'] = df['Age'].fillna(df['Age'].median())
    df['Spend'] = np.log1p(df['RoomService'] + df['Spa'])
    df['CryoSleep'] = df['CryoSleep'].astype(int)
    return pd.get_dummies(df.drop(columns=['PassengerId']), columns=['HomePlanet'], dtype=int)


X = prepare(train.drop(columns=['Transported']))
y = train['Transported'].astype(int)
X_test = prepare(test).reindex(columns=X.columns, fill_value=0)


# In[5]:


from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

X_train, X_valid, y_train, y_valid = train_test_split(X, y, test_size=0.2, random_state=42)
model = RandomForestClassifier(n_estimators=150, max_depth=6, random_state=42)
model.fit(X_train, y_train)
acc = accuracy_score(y_valid, model.predict(X_valid))
print(f'Validation accuracy: {acc:.4f}')


# In[6]:


joblib.dump(model, 'model.joblib')
submission = pd.DataFrame({'PassengerId': test['PassengerId'], 'Transported': model.predict(X_test).astype(bool)})
submission.to_csv('submission.csv', index=False)
submission.head()
