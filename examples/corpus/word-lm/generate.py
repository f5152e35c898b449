###############################################################################
# Generate new sentences from a trained word-level language model
###############################################################################
import argparse

import torch

import data

parser = argparse.ArgumentParser(description='Sample text from the trained language model')
parser.add_argument('--data', type=str, default='./data/synth', help='location of the data corpus')
parser.add_argument('--checkpoint', type=str, default='./model.pt', help='model checkpoint to use')
parser.add_argument('--outf', type=str, default='generated.txt', help='output file for generated text')
parser.add_argument('--words', type=int, default=200, help='number of words to generate')
parser.add_argument('--seed', type=int, default=1111, help='random seed')
parser.add_argument('--temperature', type=float, default=1.0, help='temperature')
args = parser.parse_args()

torch.manual_seed(args.seed)

with open(args.checkpoint, 'rb') as f:
    model = torch.load(f, map_location='cpu', weights_only=False)
model.eval()

corpus = data.Corpus(args.data)
ntokens = len(corpus.dictionary)
is_transformer = hasattr(model, 'model_type') and model.model_type == 'Transformer'
if not is_transformer:
    hidden = model.init_hidden(1)
input = torch.randint(ntokens, (1, 1), dtype=torch.long)

with open(args.outf, 'w') as outf:
    with torch.no_grad():
        for i in range(args.words):
            if is_transformer:
                output = model(input, False)
                word_weights = output[-1].squeeze().div(args.temperature).exp()
                word_idx = torch.multinomial(word_weights, 1)[0]
                input = torch.cat([input, torch.full((1, 1), int(word_idx))], 0)
            else:
                output, hidden = model(input, hidden)
                word_weights = output.squeeze().div(args.temperature).exp()
                word_idx = torch.multinomial(word_weights, 1)[0]
                input.fill_(word_idx)
            word = corpus.dictionary.idx2word[word_idx]
            outf.write(word + ('\n' if i % 20 == 19 else ' '))
print('| Generated {} words into {}'.format(args.words, args.outf))
